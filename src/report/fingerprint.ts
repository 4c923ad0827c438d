/**
 * A finding's identity from run to run: the rule, the resource and the workspace, with ids
 * lower-cased because Resource Manager changes their casing between calls. The message is left
 * out on purpose: it names evidence (subnets, counts) that may change while the problem stays.
 * SARIF `partialFingerprints` and baselines both use it, so GitHub alerts and baselines agree.
 */
import { createHash } from 'node:crypto';
import { normalizeId } from '../model/ids';

export const FINGERPRINT_KEY = 'amlnetFinding/v1';

export function fingerprintOf(f: { ruleId: string; resourceId: string; workspaceId?: string }): string {
  const material = [f.ruleId.toUpperCase(), normalizeId(f.resourceId), normalizeId(f.workspaceId ?? '')].join('\n');
  return createHash('sha256').update(material).digest('hex').slice(0, 32);
}
