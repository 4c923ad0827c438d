import { roundsBound } from '../src/bench/main';
import { buildReport } from '../src/cli/audit';
import { syntheticTenant } from '../src/fixtures/scale';
import type { Inventory } from '../src/model/inventory';
import { formatHtml } from '../src/report/html';
import { elkBrowserBundle } from '../src/report/layout';
import { RULES_META } from '../src/rules';

describe('roundsBound', () => {
  it('counts whole rounds: 81 requests through 16 slots take 6 rounds, not 5.06', () => {
    expect(roundsBound([0, 81], 16, 50)).toBe(300);
  });

  it('adds the rounds that must pass before dependent requests can start', () => {
    // 2 first-level reads, 56 that need one answer, 5 that need two: the 61 dependent reads take
    // 4 rounds after the first.
    expect(roundsBound([0, 2, 56, 5], 16, 50)).toBe(250);
    // A chain is as long as its depth even with idle slots.
    expect(roundsBound([0, 1, 1, 1, 1], 16, 50)).toBe(200);
  });

  it('is never below issue 5 bound latency x max(depth, requests / concurrency)', () => {
    for (const levels of [
      [0, 16, 60, 5],
      [0, 2, 56, 5],
      [0, 320, 5600, 500],
      [0, 1],
      [0, 3, 0, 7],
    ]) {
      const requests = levels.reduce((a, b) => a + b, 0);
      const depth = levels.length - 1;
      for (const c of [1, 4, 16, 64]) expect(roundsBound(levels, c, 50)).toBeGreaterThanOrEqual(50 * Math.max(depth, requests / c));
    }
  });
});

// Writing the HTML report must lay nothing out in Node (the page does, per section opened): were
// elkjs loaded here, these throw. A count, not a timing: a timed HTML/JSON bound would flake on a
// shared machine; the ratio itself is measured by `npm run bench` (docs/performance.md).
jest.mock('elkjs', () => {
  throw new Error('elkjs loaded in Node: the HTML report laid a diagram out');
});
jest.mock('elkjs/lib/elk.bundled.js', () => {
  throw new Error('elkjs loaded in Node: the HTML report laid a diagram out');
});
jest.mock('elkjs/lib/elk-worker.min.js', () => {
  throw new Error('elkjs loaded in Node: the HTML report laid a diagram out');
});

describe('the HTML report of a large tenant', () => {
  const write = (workspaces: number) => {
    const tenant = syntheticTenant({ subscriptions: workspaces / 20, workspaces, seed: 'reports' });
    const inventory: Inventory = {
      schemaVersion: 1,
      cloud: 'AzureCloud',
      scope: { subscriptions: tenant.subscriptions.map((s) => s.subscriptionId) },
      resources: tenant.resources,
      gaps: [],
    };
    const { report, model } = buildReport(inventory, { kind: 'snapshot', path: 'bench.json' }, 'none');
    const html = formatHtml(report, model, RULES_META);
    return {
      workspaces: report.workspaces.length,
      diagrams: html.split('<script type="application/json" class="diagram-data">').length - 1,
      drawnInNode: html.split('<svg').length - 1,
      bytesPerWorkspace: (html.length - elkBrowserBundle().length) / workspaces,
    };
  };

  it("ships each workspace's graph for the page to lay out, lays out none itself, and grows linearly", () => {
    const [small, large] = [write(20), write(80)];
    expect([small.workspaces, small.diagrams, small.drawnInNode]).toEqual([20, 20, 0]);
    expect([large.workspaces, large.diagrams, large.drawnInNode]).toEqual([80, 80, 0]);
    // Four times the workspaces, four times the report (the inlined layout engine counted once).
    expect(large.bytesPerWorkspace / small.bytesPerWorkspace).toBeGreaterThan(0.9);
    expect(large.bytesPerWorkspace / small.bytesPerWorkspace).toBeLessThan(1.1);
  });
});
