/**
 * A finding's identity from run to run: the rule, the resource and the workspace, with ids
 * lower-cased because Resource Manager changes their casing between calls. The message is left
 * out on purpose: it names evidence (subnets, counts) that may change while the problem stays.
 * SARIF `partialFingerprints` and baselines both use it, so GitHub alerts and baselines agree.
 *
 * The one exception is a partial scan (the rule that `reportsGaps`, AMLNET900): it lands on the subscription, so rule and
 * resource alone would let one recorded gap stand for every later one. Its identity is what could
 * not be read, where, and which rules that left unevaluated, which its message states.
 */
import { createHash } from 'node:crypto';
import { normalizeId } from '../model/ids';
import type { RulesMeta } from '../rules/types';

export const FINGERPRINT_KEY = 'amlnetFinding/v1';

/** Rule, resource and workspace: the identity of every finding that names a resource. */
export function fingerprintOf(f: { ruleId: string; resourceId: string; workspaceId?: string }): string {
  return hash([f.ruleId.toUpperCase(), normalizeId(f.resourceId), normalizeId(f.workspaceId ?? '')]);
}

/**
 * The identity baselines, suppressions and SARIF use: fingerprintOf, and for the rule that
 * reports gaps (its finding lands on the subscription) also the gap its message names.
 */
export function findingFingerprintOf(f: { ruleId: string; resourceId: string; workspaceId?: string; message: string }, rulesMeta: RulesMeta): string {
  if (!rulesMeta.get(f.ruleId.toUpperCase())?.reportsGaps) return fingerprintOf(f);
  return hash([f.ruleId.toUpperCase(), normalizeId(f.resourceId), normalizeId(f.workspaceId ?? ''), gapIdentity(f.message)]);
}

function hash(material: string[]): string {
  return createHash('sha256').update(material.join('\n')).digest('hex').slice(0, 32);
}

/** The gap a partial-scan message names, spelled the same whatever the casing of its ids or its spacing. */
function gapIdentity(message: string): string {
  return message.toLowerCase().replace(/\s+/g, ' ').trim();
}
