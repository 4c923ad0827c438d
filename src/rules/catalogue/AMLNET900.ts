import type { CollectionGap } from '../../model/inventory';
import { subscriptionOf } from '../../model/ids';
import { defineRule, type FindingInput } from '../types';
import { LEARN } from '../helpers';

/** A gap a planned change leaves (src/iac/overlay.ts): a value not known before deployment, a reference the change and the base lack. */
function isChangeGap(g: CollectionGap): boolean {
  return g.property !== undefined || g.code === 'NotInChangeOrBase';
}

function describe(g: CollectionGap): string {
  const status = g.status ? `HTTP ${g.status}${g.code ? ` ${g.code}` : ''}` : (g.code ?? 'error');
  return `${g.kind} at ${g.scope} (${status})`;
}

export default defineRule({
  meta: {
    id: 'AMLNET900',
    name: 'collection-incomplete',
    severity: 'high',
    category: 'scan',
    summary: 'Some resources could not be read, so some rules were not evaluated.',
    rationale:
      'A partial scan must never look like a clean one: a 403 on one resource type, throttling that never cleared or a response that could not ' +
      'be parsed leaves rules without the data they need. amlnet does not guess; it names what it could not see and the rules it could not run.',
    remediation: {
      text:
        'Give the scanning identity Reader on the scope (and Microsoft.Authorization/roleAssignments/read for AMLNET302), then scan again. ' +
        'For throttling, lower --concurrency or scan fewer subscriptions per run.',
      azCli: 'az role assignment create --assignee <scanner-principal-id> --role Reader --scope /subscriptions/<id>',
      bicep:
        "resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  name: guid(subscription().id, scannerPrincipalId, 'Reader')\n" +
        "  properties: {\n    principalId: scannerPrincipalId\n    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')\n  }\n}",
    },
    links: [LEARN + 'how-to-network-security-overview', 'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles#reader'],
    requires: [],
    reportsGaps: true,
  },
  check(model, context) {
    const findings: FindingInput[] = [];
    const bySubscription = new Map<string, CollectionGap[]>();
    for (const g of [...model.gaps, ...(context.notCollected ?? [])]) {
      if (g.reason !== 'error') continue;
      const sub = subscriptionOf(g.scope) ?? model.subscriptions[0] ?? 'unknown';
      bySubscription.set(sub, [...(bySubscription.get(sub) ?? []), g]);
    }
    const unevaluated = context.gaps;
    if (bySubscription.size === 0 && unevaluated.length > 0) bySubscription.set(model.subscriptions[0] ?? 'unknown', []);
    const rulesText = unevaluated.length ? ` Rules not evaluated: ${unevaluated.map((g) => `${g.ruleId} (${g.reason})`).join('; ')}.` : '';
    for (const [sub, gaps] of [...bySubscription.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const read = gaps.filter((g) => !isChangeGap(g));
      const planned = gaps.filter(isChangeGap);
      const missing =
        [
          read.length ? `Could not read ${read.map(describe).join('; ')}.` : '',
          planned.length ? `Not known before deployment: ${planned.map((g) => g.message).join('; ')}.` : '',
        ]
          .filter(Boolean)
          .join(' ') || 'Some rules could not run on the collected data.';
      findings.push({
        resourceId: `/subscriptions/${sub}`,
        message: `${missing}${rulesText} This report is partial.`,
        evidence: gaps.map((g) => ({
          resourceId: `/subscriptions/${sub}`,
          property: g.kind,
          expected: 'readable',
          actual: `${g.status ?? ''} ${g.code ?? ''} ${g.message}`.trim(),
        })),
      });
    }
    return findings;
  },
});
