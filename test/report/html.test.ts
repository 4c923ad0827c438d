import { RULES_META } from '../../src/rules';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/cli/audit';
import { main } from '../../src/cli/main';
import { escapeHtml } from '../../src/report/escape';
import { workspaceGraph } from '../../src/report/graph';
import { formatHtml } from '../../src/report/html';
import { elkLayoutSync, layoutWorkspaceGraph } from '../../src/report/layout';
import { HOSTILE_NAME, twoWorkspaceTenant } from './tenant';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s), isTTY: false, env: {} as NodeJS.ProcessEnv } };
}

describe('escapeHtml', () => {
  it('escapes the five characters that can leave text or a quoted attribute', () => {
    expect(escapeHtml(HOSTILE_NAME)).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
});

describe('elkLayoutSync', () => {
  it('lays a graph out synchronously through the pinned elkjs', () => {
    const out = elkLayoutSync({ id: 'root', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }) as any;
    expect(out.children[1].x).toBeGreaterThan(out.children[0].x);
  });

  it('places children inside their VNet and subnet boxes', () => {
    const s = twoWorkspaceTenant();
    const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
    const laid = layoutWorkspaceGraph(workspaceGraph(model, report, s.ws));
    const byId = new Map(laid.nodes.map((n) => [n.node.id, n]));
    for (const n of laid.nodes) {
      if (!n.parent) continue;
      const p = byId.get(n.parent)!;
      expect(n.x).toBeGreaterThanOrEqual(p.x);
      expect(n.y).toBeGreaterThanOrEqual(p.y);
      expect(n.x + n.width).toBeLessThanOrEqual(p.x + p.width);
      expect(n.y + n.height).toBeLessThanOrEqual(p.y + p.height);
    }
    expect(laid.edges.every((e) => e.points.length >= 2)).toBe(true);
  });
});

describe('formatHtml', () => {
  const s = twoWorkspaceTenant();
  const { report, model } = buildReport(s.inventory(), { kind: 'snapshot', path: 'two.json' }, 'none');
  const html = formatHtml(report, model, RULES_META);

  it('never lets tenant markup through', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Tags travel as an escaped JSON attribute and are shown with textContent.
    expect(html).toContain('data-tags="{&quot;owner&quot;:&quot;&lt;img src=x onerror=alert(1)&gt;&quot;,&quot;cost-center&quot;:&quot;4711&quot;}"');
  });

  it('is self-contained: inline style and script, a CSP that forbids fetching, no external resources', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|url)\(?=?["']?https?:/i);
    // The only http(s) URLs are rule docs links (followed only on a click) and the SVG namespace.
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    for (const u of urls) expect(u === 'http://www.w3.org/2000/svg' || u.startsWith('https://github.com/amlnet/amlnet/blob/main/docs/rules/')).toBe(true);
  });

  it('has a diagram, the scenario table with the row highlighted, and findings linked to nodes, per workspace', () => {
    expect((html.match(/<section class="workspace"/g) ?? []).length).toBe(2);
    expect((html.match(/<svg class="diagram"/g) ?? []).length).toBe(2);
    expect((html.match(/<tr data-scenario="private-workspace" class="current" aria-current="true">/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<li class="finding sev-high"[^>]*data-rule="AMLNET004"[^>]*data-nodes="\[&quot;\/subscriptions/);
  });

  it('is deterministic', () => {
    expect(formatHtml(report, model, RULES_META)).toBe(html);
  });
});

describe('CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'amlnet-html-'));
  const snapshot = join(dir, 'two.json');
  writeFileSync(snapshot, JSON.stringify(twoWorkspaceTenant().inventory()));

  it('audit --html writes the report beside the text output and keeps the exit code', async () => {
    const h = io();
    const file = join(dir, 'audit.html');
    expect(await main(['audit', '--snapshot', snapshot, '--html', file], h.io)).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('<svg class="diagram"');
    expect(h.out.join('')).toContain('AMLNET004');
  });

  it('report --snapshot --html renders a saved scan and exits 0', async () => {
    const h = io();
    const file = join(dir, 'report.html');
    expect(await main(['report', '--snapshot', snapshot, '--html', file], h.io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('ws-hub');
  });

  it('report without an output is a usage error', async () => {
    const h = io();
    expect(await main(['report', '--snapshot', snapshot], h.io)).toBe(2);
    expect(h.err.join('')).toMatch(/--html <file>/);
  });

  it('graph exports mermaid, dot and json, and --workspace picks one', async () => {
    for (const [format, start] of [['mermaid', 'flowchart LR'], ['dot', 'digraph amlnet {'], ['json', '{']] as const) {
      const h = io();
      expect(await main(['graph', '--snapshot', snapshot, '--format', format], h.io)).toBe(0);
      expect(h.out.join('').startsWith(start)).toBe(true);
    }
    const h = io();
    expect(await main(['graph', '--snapshot', snapshot, '-f', 'json', '--workspace', 'WS-HUB'], h.io)).toBe(0);
    const json = JSON.parse(h.out.join(''));
    expect(json.workspaces.map((w: any) => w.name)).toEqual(['ws-hub']);
    expect(json.workspaces[0].nodes.length).toBeGreaterThan(5);
  });

  it('graph names the workspaces when --workspace matches none', async () => {
    const h = io();
    expect(await main(['graph', '--snapshot', snapshot, '--workspace', 'nope'], h.io)).toBe(2);
    expect(h.err.join('')).toContain('--workspace nope matches no workspace in snapshot ');
    expect(h.err.join('')).toContain('; it has ws-hub (resource group rg-ml), ws-private (resource group rg-ml)\n');
  });
});
