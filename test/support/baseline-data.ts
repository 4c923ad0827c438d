import type { Baseline } from '../../src/config/baseline';
import { findingFingerprintOf } from '../../src/report/fingerprint';
import { RULES_META } from '../../src/rules';

/** A baseline as `baseline create` would write it, from rule/resource pairs. */
export function readBaselineData(entries: { ruleId: string; resourceId: string; workspaceId?: string; message: string }[]): Baseline {
  return { schemaVersion: 1, kind: 'amlnet-baseline', findings: entries.map((e) => ({ ...e, fingerprint: findingFingerprintOf(e, RULES_META) })) };
}
