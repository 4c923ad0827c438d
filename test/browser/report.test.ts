/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report in a real browser (test/support/browser.ts): two workspaces, a hostile name,
 * every diagram laid out in the page and checked against the graph it was drawn from.
 */
import { RULES_META } from '../../src/rules';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildReport } from '../../src/cli/audit';
import { normalizeId } from '../../src/model/ids';
import { CONTAINMENT_EDGES, evidenceNodes, findingsOfGraph, workspaceGraph } from '../../src/report/graph';
import { formatHtml } from '../../src/report/html';
import { safeText } from '../../src/cli/outputs';
import { HOSTILE_NAME, twoWorkspaceTenant } from '../report/tenant';
import { ARTIFACTS, describeWithChromium, openReport, ROOT, showDiagram, type OpenReport } from '../support/browser';

describeWithChromium('HTML report in headless Chromium', () => {
  const tenant = twoWorkspaceTenant();
  const { report, model } = buildReport(tenant.inventory(), { kind: 'snapshot', path: 'two-workspaces.json' }, 'none');
  const graphs = report.workspaces.map((w) => workspaceGraph(model, report, w.id));
  let opened: OpenReport;
  let page: Page;

  beforeAll(async () => {
    // Written as `amlnet report --html` writes it: through the last guard on every output (redaction).
    opened = await openReport('report.html', safeText(formatHtml(report, model, RULES_META)));
    page = opened.page;
    for (const g of graphs) await showDiagram(page.locator(`section.workspace[data-workspace-id="${g.workspaceId}"]`));
    await page.evaluate(() => window.scrollTo(0, 0));
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('opens with no console errors and no network requests', async () => {
    await page.waitForTimeout(300);
    expect(opened.errors).toEqual([]);
    expect(opened.blocked).toEqual([]);
    expect(opened.requests).toEqual([opened.fileUrl]);
  });

  it('renders tenant markup as text: no <img> element, no alert', async () => {
    expect(await page.locator('img').count()).toBe(0);
    expect(opened.dialogs).toEqual([]);
    const label = await page.locator(`g.node[data-node-id="${normalizeId(tenant.keyVault)}"] text.n`).textContent();
    expect(label).toBe(HOSTILE_NAME);
    // Its tags appear in the node panel, as text.
    await page
      .locator(`g.node[data-node-id="${normalizeId(tenant.keyVault)}"]`)
      .first()
      .click();
    const panel = page
      .locator('section.workspace', { has: page.locator(`g.node[data-node-id="${normalizeId(tenant.keyVault)}"]`) })
      .first()
      .locator('.node-panel');
    expect(await panel.locator('.node-tags dt').allTextContents()).toEqual(['cost-center', 'owner']);
    expect(await panel.locator('.node-tags dd').allTextContents()).toEqual(['4711', HOSTILE_NAME]);
    expect(await page.locator('img').count()).toBe(0);
    expect(opened.dialogs).toEqual([]);
  });

  it('draws every workspace with the expected nodes, edges and nesting', async () => {
    expect(await page.locator('section.workspace').count()).toBe(graphs.length);
    for (const g of graphs) {
      const section = page.locator(`section.workspace[data-workspace-id="${g.workspaceId}"]`);
      const drawn = await section.evaluate((s) => ({
        nodes: [...s.querySelectorAll('svg.diagram g.node')].map((n) => n.getAttribute('data-node-id')).sort(),
        parents: [...s.querySelectorAll('svg.diagram g.node[data-parent]')]
          .map((n) => `${n.getAttribute('data-node-id')} in ${n.getAttribute('data-parent')}`)
          .sort(),
        edges: [...s.querySelectorAll('svg.diagram g.edge')]
          .map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`)
          .sort(),
        paths: [...s.querySelectorAll('svg.diagram g.edge path')].filter((p) => (p.getAttribute('d') ?? '').includes('L')).length,
        // A node drawn outside the box of its subnet or VNet (diagram coordinates, from ELK in the page).
        outside: [...s.querySelectorAll('svg.diagram g.node[data-parent]')]
          .filter((n) => {
            const box = (g: Element | null) => ['x', 'y', 'width', 'height'].map((a) => Number(g?.querySelector('rect')?.getAttribute(a)));
            const [x, y, w, h] = box(n);
            const parent =
              [...s.querySelectorAll('svg.diagram g.node')].find((p) => p.getAttribute('data-node-id') === n.getAttribute('data-parent')) ?? null;
            const [px, py, pw, ph] = box(parent);
            return !(w > 0 && h > 0 && x >= px && y >= py && x + w <= px + pw && y + h <= py + ph);
          })
          .map((n) => n.getAttribute('data-node-id')),
      }));
      const containment = CONTAINMENT_EDGES as readonly string[];
      expect(drawn.nodes).toEqual(g.nodes.map((n) => n.id).sort());
      expect(drawn.edges).toEqual(
        g.edges
          .filter((e) => !containment.includes(e.kind))
          .map((e) => `${e.kind} ${e.from} -> ${e.to}`)
          .sort(),
      );
      expect(drawn.parents).toEqual(
        g.edges
          .filter((e) => containment.includes(e.kind))
          .map((e) => `${e.from} in ${e.to}`)
          .sort(),
      );
      expect(drawn.paths).toBe(drawn.edges.length);
      expect(drawn.outside).toEqual([]);
    }
  });

  it('colours nodes by their worst finding', async () => {
    const cls = await page.locator(`g.node[data-node-id="${normalizeId(tenant.storage)}"]`).getAttribute('class');
    expect(cls).toContain('sev-high');
    const cluster = await page.locator(`g.node[data-node-id="${normalizeId(tenant.cluster)}"]`).getAttribute('class');
    expect(cluster).toContain('sev-medium');
  });

  it('highlights the evidence chain of a clicked finding', async () => {
    const g = graphs.find((x) => x.workspaceId === normalizeId(tenant.ws))!;
    const f = findingsOfGraph(report, g).find((x) => x.ruleId === 'AMLNET004')!;
    const section = page.locator(`section.workspace[data-workspace-id="${g.workspaceId}"]`);
    await section.locator('li.finding[data-rule="AMLNET004"] .msg').click();
    const highlighted = await section.evaluate((s) => [...s.querySelectorAll('g.node.hl')].map((n) => n.getAttribute('data-node-id')).sort());
    expect(highlighted).toEqual(evidenceNodes(f, g).sort());
    expect(highlighted).toEqual(expect.arrayContaining([normalizeId(tenant.ws), normalizeId(tenant.storage), normalizeId(tenant.stPe)]));
    expect(await section.locator('svg.diagram').getAttribute('class')).toContain('focus');
    // The sticky filter bar would sit over an element screenshot; pin it for the picture only.
    await page.evaluate(() => {
      (document.querySelector('.filters') as HTMLElement).style.position = 'static';
    });
    await section.screenshot({ path: join(ARTIFACTS, 'report-finding.png') });
    await page.evaluate(() => {
      (document.querySelector('.filters') as HTMLElement).style.position = '';
    });
    // The README's picture is refreshed on request only: tests do not rewrite tracked files.
    if (process.env.AMLNET_UPDATE_SCREENSHOT) {
      mkdirSync(join(ROOT, 'docs', 'images'), { recursive: true });
      copyFileSync(join(ARTIFACTS, 'report-finding.png'), join(ROOT, 'docs', 'images', 'report.png'));
    }
  });

  it('shows the findings of a clicked node', async () => {
    const section = page.locator(`section.workspace[data-workspace-id="${normalizeId(tenant.ws)}"]`);
    await section.locator(`g.node[data-node-id="${normalizeId(tenant.storage)}"] rect`).click();
    const panel = section.locator('.node-panel');
    expect(await panel.isVisible()).toBe(true);
    expect(await panel.locator('.node-title').textContent()).toBe('sthubdata');
    const items = await panel.locator('li.node-finding').allTextContents();
    expect(items.some((i) => i.startsWith('high AMLNET008:'))).toBe(true);
    expect(items.some((i) => i.startsWith('high AMLNET004 (evidence):'))).toBe(true);
    expect(await section.locator(`g.node.hl[data-node-id="${normalizeId(tenant.storage)}"]`).count()).toBe(1);
  });

  it('filters findings by severity and by rule', async () => {
    const visible = () =>
      page.locator('li.finding:visible').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-severity')} ${e.getAttribute('data-rule')}`));
    await page.locator('input[data-filter-severity][value="high"]').uncheck();
    expect((await visible()).every((v) => !v.startsWith('high'))).toBe(true);
    expect(await visible()).toContain('medium AMLNET102');
    await page.locator('input[data-filter-severity][value="high"]').check();
    await page.locator('#rule-filter').selectOption('AMLNET103');
    expect(await visible()).toEqual(['high AMLNET103']);
    await page.locator('#rule-filter').selectOption('');
  });

  it("highlights the workspace's row of the scenario table", async () => {
    for (const w of report.workspaces) {
      const rows = page.locator(`section.workspace[data-workspace-id="${normalizeId(w.id)}"] table.scenarios tr.current`);
      expect(await rows.count()).toBe(1);
      expect(await rows.getAttribute('data-scenario')).toBe(w.scenario);
    }
  });

  it('leaves a full-page screenshot in artifacts/', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(existsSync(join(ARTIFACTS, 'report.png'))).toBe(true);
    expect(opened.blocked).toEqual([]);
    expect(opened.errors).toEqual([]);
  });
});
