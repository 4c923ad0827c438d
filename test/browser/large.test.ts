/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML report of a large tenant in Debian's Chromium (test/support/browser.ts): the
 * partial-scan notice and the per-workspace counts at the top, diagrams laid out only as their
 * sections come near the screen, and a big workspace's diagram that stays readable: fitted to the
 * page, pan and zoom, private DNS zones collapsed until asked for.
 * Screenshots go to artifacts/ (large-report-top.png, large-report-platform.png).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildReport } from '../../src/cli/audit';
import { normalizeId } from '../../src/model/ids';
import { workspaceGraph } from '../../src/report/graph';
import { formatHtml } from '../../src/report/html';
import { RULES_META } from '../../src/rules';
import { SEVERITIES } from '../../src/rules/types';
import { ARTIFACTS, describeWithChromium, openReport, showDiagram, type OpenReport } from '../support/browser';
import { largeTenant } from './large-tenant';

describeWithChromium('HTML report of a large tenant in headless Chromium', () => {
  const tenant = largeTenant();
  const { report, model } = buildReport(tenant.inventory(), { kind: 'snapshot', path: 'large.json' }, 'high');
  const platformId = normalizeId(tenant.platform.ws);
  const platformGraph = workspaceGraph(model, report, report.workspaces.find((w) => normalizeId(w.id) === platformId)!.id);
  const dnsEdges = platformGraph.edges.filter((e) => e.kind === 'dnsLink' || e.kind === 'dnsZoneGroup').length;
  let opened: OpenReport;
  let page: Page;

  beforeAll(async () => {
    opened = await openReport('large-report.html', formatHtml(report, model, RULES_META));
    page = opened.page;
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('is the tenant the test means: 25 workspaces, a partial scan, a platform network with many DNS links', () => {
    expect(report.workspaces).toHaveLength(25);
    expect(report.verdict.partial).toBe(true);
    expect(dnsEdges).toBeGreaterThan(30);
  });

  it("opens with no errors and no requests, and shows the partial scan and every workspace's counts above the first diagram", async () => {
    expect(opened.errors).toEqual([]);
    expect(opened.requests).toEqual([opened.fileUrl]);
    const top = await page.evaluate(() => {
      const partial = document.querySelector('header .partial') as HTMLElement;
      const table = document.querySelector('table.counts') as HTMLElement;
      const firstDiagram = document.querySelector('section.workspace') as HTMLElement;
      return {
        partial: partial?.innerText,
        partialTop: partial?.getBoundingClientRect().top,
        tableTop: table?.getBoundingClientRect().top,
        diagramTop: firstDiagram.getBoundingClientRect().top,
        rows: [...document.querySelectorAll('table.counts tbody tr')].map((tr) =>
          [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText.trim()),
        ),
      };
    });
    expect(top.partial).toContain('Partial scan. 1 read(s) failed');
    expect(top.partial).toContain(`could not read onlineEndpoints at ${tenant.teams[3].ws} (HTTP 403 AuthorizationFailed)`);
    expect(top.partialTop).toBeLessThan(top.diagramTop);
    expect(top.tableTop).toBeLessThan(top.diagramTop);
    expect(top.partialTop).toBeLessThan(1000); // on the first screen
    expect(top.rows).toEqual(report.workspaces.map((w) => [w.name, w.scenario, ...SEVERITIES.map((s) => String(w.counts[s]))]));
    await page.screenshot({ path: join(ARTIFACTS, 'large-report-top.png') });
  });

  it('lays a diagram out only when its section comes near the screen', async () => {
    const states = () => page.locator('section.workspace .diagram-wrap').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')));
    await showDiagram(page.locator('section.workspace').first());
    const atOpen = await states();
    expect(atOpen).toHaveLength(25);
    expect(atOpen[0]).toBe('drawn');
    // The last sections are many screens down: still waiting, their graph only as data.
    expect(atOpen.slice(-3)).toEqual(['pending', 'pending', 'pending']);
    expect(await page.locator('section.workspace').last().locator('svg.diagram').count()).toBe(0);
    await showDiagram(page.locator('section.workspace').last());
    expect(await page.locator('section.workspace').last().locator('svg.diagram g.node').count()).toBeGreaterThan(5);
    expect((await states()).filter((s) => s === 'drawn').length).toBeLessThan(25);
    expect(opened.errors).toEqual([]);
  });

  it('fits the platform diagram in the page, collapses its DNS zones, and shows them on request', async () => {
    const section = page.locator(`section.workspace[data-workspace-id="${platformGraph.workspaceId}"]`);
    await page.evaluate(() => {
      (document.querySelector('.filters') as HTMLElement).style.position = 'static';
    });
    await showDiagram(section);
    const box = await section.locator('svg.diagram').boundingBox();
    const wrap = await section.locator('.diagram-wrap').boundingBox();
    expect(box!.height).toBeLessThanOrEqual(640);
    expect(box!.width).toBeLessThanOrEqual(wrap!.width);
    const toggle = section.locator('input.show-dns');
    expect(await toggle.isChecked()).toBe(false);
    expect(await section.locator('g.node.kind-privateDnsZone').first().isVisible()).toBe(false);
    expect(await section.locator('g.edge.kind-dnsLink').first().isVisible()).toBe(false);
    await toggle.check();
    expect(await section.locator('g.node.kind-privateDnsZone').first().isVisible()).toBe(true);
    // The platform zones plus the six of its own setup, each linked to the platform VNet.
    expect(await section.locator('g.edge.kind-dnsLink').count()).toBe(platformGraph.edges.filter((e) => e.kind === 'dnsLink').length);
    expect(platformGraph.edges.filter((e) => e.kind === 'dnsLink')).toHaveLength(30);
    expect(await section.locator('g.edge.kind-dnsLink').last().isVisible()).toBe(true);
    await toggle.uncheck();
  });

  it('zooms with the buttons and the wheel, pans by dragging without selecting, and fits again', async () => {
    const section = page.locator(`section.workspace[data-workspace-id="${platformGraph.workspaceId}"]`);
    const svg = section.locator('svg.diagram');
    // Larger than its box, it opens at its natural size, at the top left.
    const [, , W, H] = (await svg.getAttribute('data-viewbox'))!.split(' ').map(Number);
    const initial = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    expect(await svg.getAttribute('data-zoom')).toBe('1.00');
    expect(initial[3]).toBeLessThan(H);
    await section.screenshot({ path: join(ARTIFACTS, 'large-report-platform.png') });
    await section.locator('button[data-zoom="in"]').click();
    expect(await svg.getAttribute('data-zoom')).toBe('1.25');
    await section.locator('button[data-zoom="in"]').click();
    expect(await svg.getAttribute('data-zoom')).toBe('1.56');
    const b = (await svg.boundingBox())!;
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
    await page.mouse.wheel(0, -100);
    // The wheel event is dispatched asynchronously: wait for the zoom it causes.
    await page.waitForFunction(
      (id) => document.querySelector(`section.workspace[data-workspace-id="${id}"] svg.diagram`)?.getAttribute('data-zoom') === '1.95',
      platformGraph.workspaceId,
    );
    const before = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2 - 200, b.y + b.height / 2 - 50, { steps: 5 });
    await page.mouse.up();
    const after = (await svg.getAttribute('viewBox'))!.split(' ').map(Number);
    expect(after[0]).toBeGreaterThan(before[0]);
    expect(after[1]).toBeGreaterThan(before[1]);
    expect([after[2], after[3]]).toEqual([before[2], before[3]]);
    expect(await section.locator('.node-panel').isHidden()).toBe(true);
    expect(await section.locator('g.node.hl').count()).toBe(0);
    await section.locator('button[data-zoom="in"]').click();
    await section.screenshot({ path: join(ARTIFACTS, 'large-report-platform-zoomed.png') });
    await section.locator('button[data-zoom="fit"]').click();
    expect(await svg.getAttribute('viewBox')).toBe(`0 0 ${W} ${H}`);
    expect(Number(await svg.getAttribute('data-zoom'))).toBeLessThan(1);
  });
});
