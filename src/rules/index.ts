/**
 * The rule registry: one explicit, sorted list (ESLint's lib/rules/index.js habit), not discovery
 * from the file system, so a rule cannot be shipped by accident or lost by a rename.
 */
import { rulesMetaOf, type Rule } from './types';
import AMLNET001 from './catalogue/AMLNET001';
import AMLNET002 from './catalogue/AMLNET002';
import AMLNET003 from './catalogue/AMLNET003';
import AMLNET004 from './catalogue/AMLNET004';
import AMLNET005 from './catalogue/AMLNET005';
import AMLNET006 from './catalogue/AMLNET006';
import AMLNET007 from './catalogue/AMLNET007';
import AMLNET008 from './catalogue/AMLNET008';
import AMLNET009 from './catalogue/AMLNET009';
import AMLNET010 from './catalogue/AMLNET010';
import AMLNET011 from './catalogue/AMLNET011';
import AMLNET101 from './catalogue/AMLNET101';
import AMLNET102 from './catalogue/AMLNET102';
import AMLNET103 from './catalogue/AMLNET103';
import AMLNET104 from './catalogue/AMLNET104';
import AMLNET105 from './catalogue/AMLNET105';
import AMLNET106 from './catalogue/AMLNET106';
import AMLNET107 from './catalogue/AMLNET107';
import AMLNET108 from './catalogue/AMLNET108';
import AMLNET201 from './catalogue/AMLNET201';
import AMLNET202 from './catalogue/AMLNET202';
import AMLNET203 from './catalogue/AMLNET203';
import AMLNET204 from './catalogue/AMLNET204';
import AMLNET205 from './catalogue/AMLNET205';
import AMLNET301 from './catalogue/AMLNET301';
import AMLNET302 from './catalogue/AMLNET302';
import AMLNET303 from './catalogue/AMLNET303';
import AMLNET401 from './catalogue/AMLNET401';
import AMLNET402 from './catalogue/AMLNET402';
import AMLNET403 from './catalogue/AMLNET403';
import AMLNET501 from './catalogue/AMLNET501';
import AMLNET502 from './catalogue/AMLNET502';
import AMLNET503 from './catalogue/AMLNET503';
import AMLNET601 from './catalogue/AMLNET601';
import AMLNET900 from './catalogue/AMLNET900';

export const RULES: readonly Rule[] = [
  AMLNET001,
  AMLNET002,
  AMLNET003,
  AMLNET004,
  AMLNET005,
  AMLNET006,
  AMLNET007,
  AMLNET008,
  AMLNET009,
  AMLNET010,
  AMLNET011,
  AMLNET101,
  AMLNET102,
  AMLNET103,
  AMLNET104,
  AMLNET105,
  AMLNET106,
  AMLNET107,
  AMLNET108,
  AMLNET201,
  AMLNET202,
  AMLNET203,
  AMLNET204,
  AMLNET205,
  AMLNET301,
  AMLNET302,
  AMLNET303,
  AMLNET401,
  AMLNET402,
  AMLNET403,
  AMLNET501,
  AMLNET502,
  AMLNET503,
  AMLNET601,
  AMLNET900,
];

/** What the CLI hands to reporters. */
export const RULES_META = rulesMetaOf(RULES);

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id.toUpperCase());
}
