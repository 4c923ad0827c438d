/**
 * The outputs pinned by golden files, one function each. `npm run golden` writes them (for a person to
 * review in the diff); the tests only compare, so a missing or stale file fails instead of passing.
 */
import type * as Sarif from 'sarif';
import { buildReport } from '../../src/cli/audit';
import { validateConfig } from '../../src/config/config';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import type { Inventory } from '../../src/model/inventory';
import { formatMarkdown } from '../../src/report/markdown';
import { formatText } from '../../src/report/text';
import { formatSarif } from '../../src/report/sarif';
import { RULES, RULES_META } from '../../src/rules';
import { readBaselineData } from './baseline-data';
import { ciTenant } from './ci-tenant';

const TODAY = '2025-06-01';

/** The CI tenant's SARIF, with a tag suppression, a config and a baseline when asked. */
export function sarifScenario(opts: { config?: unknown; tag?: boolean; baseline?: boolean } = {}) {
  const c = ciTenant();
  if (opts.tag) {
    const ds = c.t.find(c.betaDatastore)!;
    ds.tags = { 'amlnet-ignore': 'AMLNET301', 'amlnet-ignore-reason': 'raw data is <public> by design' };
  }
  const inventory = c.t.inventory();
  const text = JSON.stringify(inventory, null, 2) + '\n';
  const config = opts.config ? validateConfig(opts.config, '.amlnet.json', RULES) : undefined;
  const baseline = opts.baseline
    ? {
        path: 'b.json',
        data: readBaselineData([
          { ruleId: 'AMLNET103', resourceId: c.farCompute, workspaceId: c.alpha, message: 'old' },
          { ruleId: 'AMLNET103', resourceId: `${c.farCompute}-gone`, message: 'gone' },
        ]),
      }
    : undefined;
  const { report } = buildReport(inventory, { kind: 'snapshot', path: 'inventory.json' }, 'high', { config, baseline, today: TODAY });
  const sarif = formatSarif(report, RULES_META, { uri: 'inventory.json', text });
  return { c, report, text, sarif, log: JSON.parse(sarif) as Sarif.Log };
}

/** The CI tenant's Markdown summary. */
export function markdownScenario(opts: { config?: unknown; baseline?: boolean } = {}): string {
  const c = ciTenant();
  const baseline = opts.baseline
    ? {
        path: 'b.json',
        data: readBaselineData([{ ruleId: 'AMLNET103', resourceId: `${c.alpha}/computes/ci-old`, workspaceId: c.alpha, message: 'fixed since' }]),
      }
    : undefined;
  const { report } = buildReport(c.t.inventory(), { kind: 'snapshot', path: 'inventory.json' }, 'high', {
    config: opts.config ? validateConfig(opts.config, '.amlnet.json', RULES) : undefined,
    baseline,
    today: TODAY,
  });
  return formatMarkdown(report, RULES_META);
}

/**
 * The golden files keep the descriptors of the rules that fired and drop ruleIndex, so that a
 * rule added to the catalogue elsewhere does not rewrite them (sarif.test.ts checks every
 * descriptor and every ruleIndex).
 */
function forGolden(sarif: string): string {
  const log = JSON.parse(sarif) as Sarif.Log;
  const run = log.runs[0];
  const fired = new Set((run.results ?? []).map((r) => r.ruleId));
  run.tool.driver.rules = run.tool.driver.rules!.filter((r) => fired.has(r.id));
  for (const r of run.results ?? []) delete r.ruleIndex;
  for (const n of run.invocations?.[0].toolExecutionNotifications ?? []) delete n.associatedRule?.index;
  return JSON.stringify(log, null, 2) + '\n';
}

/**
 * The demo tenant as the demo's Resource Manager serves it: every resource, and the one list it
 * refuses (DEMO_FAULTS) recorded as the collector records a 403. test/e2e/terminal.test.ts checks
 * that the CLI, collecting through the fake, prints exactly these golden files.
 */
export function demoInventory(): Inventory {
  const ws = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-sandbox/providers/Microsoft.MachineLearningServices/workspaces/ws-sandbox`;
  const tenant = demoTenant();
  return {
    schemaVersion: 1,
    cloud: 'AzureCloud',
    scope: { subscriptions: [DEMO_SUBSCRIPTION] },
    resources: tenant.resources,
    gaps: [
      {
        kind: 'onlineEndpoints',
        scope: ws,
        reason: 'error',
        status: 403,
        code: 'AuthorizationFailed',
        message: `The client '00000000-0000-0000-0000-000000000000' with object id '00000000-0000-0000-0000-000000000000' does not have authorization to perform action 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read' over scope '${ws}/onlineEndpoints' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      },
    ],
  } as Inventory;
}

/** The demo's text report at a fixed width, as a live audit prints it. */
export function demoText(opts: { width: number; details: boolean }): string {
  const { report } = buildReport(demoInventory(), { kind: 'live' }, 'high');
  return formatText(report, { color: false, width: opts.width, details: opts.details, rulesMeta: RULES_META });
}

/** File name under test/fixtures/golden -> what it must hold. */
export const GOLDEN_CASES: Record<string, () => string> = {
  'two-workspaces.sarif': () => forGolden(sarifScenario().sarif),
  'two-workspaces-suppressed.sarif': () =>
    forGolden(
      sarifScenario({
        tag: true,
        config: {
          suppressions: [
            { rule: 'AMLNET103', resource: '/subscriptions/*/resourceGroups/rg-ml/**', reason: 'migration planned', expires: '2999-12-31' },
          ],
        },
      }).sarif,
    ),
  'two-workspaces.md': () => markdownScenario(),
  'text-default-100.txt': () => demoText({ width: 100, details: false }),
  'text-details-80.txt': () => demoText({ width: 80, details: true }),
};
