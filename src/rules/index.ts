/**
 * The rule registry: one explicit, sorted list (ESLint's lib/rules/index.js habit), not discovery
 * from the file system, so a rule cannot be shipped by accident or lost by a rename.
 */
import type { Rule } from './types';
import AMLNET004 from './catalogue/AMLNET004';
import AMLNET008 from './catalogue/AMLNET008';
import AMLNET101 from './catalogue/AMLNET101';
import AMLNET102 from './catalogue/AMLNET102';
import AMLNET103 from './catalogue/AMLNET103';
import AMLNET104 from './catalogue/AMLNET104';
import AMLNET105 from './catalogue/AMLNET105';
import AMLNET106 from './catalogue/AMLNET106';
import AMLNET107 from './catalogue/AMLNET107';
import AMLNET108 from './catalogue/AMLNET108';
import AMLNET203 from './catalogue/AMLNET203';
import AMLNET301 from './catalogue/AMLNET301';
import AMLNET303 from './catalogue/AMLNET303';
import AMLNET401 from './catalogue/AMLNET401';
import AMLNET402 from './catalogue/AMLNET402';
import AMLNET403 from './catalogue/AMLNET403';
import AMLNET900 from './catalogue/AMLNET900';

export const RULES: readonly Rule[] = [
  AMLNET004,
  AMLNET008,
  AMLNET101,
  AMLNET102,
  AMLNET103,
  AMLNET104,
  AMLNET105,
  AMLNET106,
  AMLNET107,
  AMLNET108,
  AMLNET203,
  AMLNET301,
  AMLNET303,
  AMLNET401,
  AMLNET402,
  AMLNET403,
  AMLNET900,
];

const BY_ID = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id.toUpperCase());
}
