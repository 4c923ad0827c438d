import { RULES_META } from '../../src/rules';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReport } from '../../src/cli/audit';
import { main } from '../../src/cli/main';
import { normalizeId } from '../../src/model/ids';
import { escapeHtml } from '../../src/report/escape';
import { workspaceGraph } from '../../src/report/graph';
import { formatHtml } from '../../src/report/html';
import { diagramData, ELK_SCRIPT_OPEN, elkBrowserBundle, type ElkNode } from '../../src/report/layout';
import { safeText } from '../../src/cli/outputs';
import { redactText } from '../../src/collectors/redact';
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

describe('diagramData', () => {
  const s = twoWorkspaceTenant();
  const { report, model } = buildReport(s.inventory(), { kind: 'snapshot' }, 'none');
  const graph = workspaceGraph(model, report, s.ws);
  const data = diagramData(graph);
  const elkId = (armId: string) => `n${data.nodes.findIndex((n) => n.id === normalizeId(armId))}`;
  const childrenOf = (n: ElkNode, id: string): string[] | undefined => {
    if (n.id === id) return (n.children ?? []).map((c) => c.id).sort();
    for (const c of n.children ?? []) {
      const found = childrenOf(c, id);
      if (found) return found;
    }
    return undefined;
  };

  it('nests private endpoints and computes in their subnets, subnets in their VNets', () => {
    expect(childrenOf(data.elk, elkId(s.hub.id))).toEqual([elkId(s.hub.subnet('snet-pe'))]);
    expect(childrenOf(data.elk, elkId(s.hub.subnet('snet-pe')))).toEqual([elkId(s.wsPe), elkId(s.kvPe), elkId(s.acrPe)].sort());
    expect(childrenOf(data.elk, elkId(s.data.subnet('snet-train')))).toEqual([elkId(s.cluster), elkId(s.instance)].sort());
    expect(childrenOf(data.elk, elkId(s.data.subnet('snet-data')))).toEqual([elkId(s.stPe)]);
    expect(
      data.nodes
        .filter((n) => n.compound)
        .map((n) => n.kind)
        .sort(),
    ).toEqual(['subnet', 'subnet', 'subnet', 'vnet', 'vnet']);
  });

  it('draws every edge but containment, between the nodes the graph names', () => {
    const drawn = graph.edges.filter((e) => e.kind !== 'inSubnet' && e.kind !== 'inVnet');
    expect(data.edges.map((e) => `${e.kind} ${data.nodes[e.from].id} -> ${data.nodes[e.to].id}`)).toEqual(
      drawn.map((e) => `${e.kind} ${e.from} -> ${e.to}`),
    );
    expect(data.elk.edges?.map((e) => [e.id, e.sources, e.targets])).toEqual(data.edges.map((e, i) => [`e${i}`, [`n${e.from}`], [`n${e.to}`]]));
  });

  it('makes invisible characters in tenant strings visible before they travel to the page', () => {
    const g = { ...graph, nodes: graph.nodes.map((n, i) => (i === 0 ? { ...n, label: 'ws\u202eevil', tags: { 'k\u200b': 'v\u0007' } } : n)) };
    const node = diagramData(g).nodes[0];
    expect(node.label).toBe('ws\\u202eevil');
    expect(node.tags).toEqual({ 'k\\u200b': 'v\\u0007' });
  });

  it('is an input elkjs lays out with every child inside its VNet and subnet box', async () => {
    // The same bundle the page inlines, through elkjs's public API (in Node it runs in this thread).
    const ELK = require('elkjs/lib/elk.bundled.js');
    const laid: ElkNode = await new ELK({ algorithms: ['layered'] }).layout(diagramData(graph).elk);
    const boxes: { id: string; parent?: string; x: number; y: number; w: number; h: number }[] = [];
    const walk = (n: ElkNode, ox: number, oy: number, parent?: string) => {
      const x = ox + (n.x ?? 0),
        y = oy + (n.y ?? 0);
      boxes.push({ id: n.id, parent, x, y, w: n.width ?? 0, h: n.height ?? 0 });
      for (const c of n.children ?? []) walk(c, x, y, n.id);
    };
    for (const c of laid.children ?? []) walk(c, 0, 0);
    expect(boxes).toHaveLength(graph.nodes.length);
    const byId = new Map(boxes.map((b) => [b.id, b]));
    const outside = boxes.filter((b) => {
      const p = b.parent ? byId.get(b.parent)! : undefined;
      return p && !(b.x >= p.x && b.y >= p.y && b.x + b.w <= p.x + p.w && b.y + b.h <= p.y + p.h);
    });
    expect(outside).toEqual([]);
    expect(laid.edges?.every((e) => (e.sections?.length ?? 0) > 0)).toBe(true);
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
    // Names and tags travel as JSON in a data <script> (no `<` in it: it cannot end the element) and are shown with textContent.
    expect(html).toContain('"tags":{"owner":"\\u003cimg src=x onerror=alert(1)\\u003e","cost-center":"4711"}');
    for (const data of html.matchAll(/<script type="application\/json" class="diagram-data">([^<]*)<\/script>/g))
      expect(data[1]).not.toMatch(/[<>&]/);
  });

  it('is self-contained: inline style and script, a CSP that forbids fetching, no external resources', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).not.toMatch(/(src|url)\(?=?["']?https?:/i);
    // elkjs's bundle is inlined once (its text names XML namespaces and its licences, never fetched).
    expect(html.split(elkBrowserBundle()).length).toBe(2);
    const ours = html.replace(elkBrowserBundle(), '');
    // Outside it, the only http(s) URLs are rule docs links (followed only on a click) and the SVG namespace.
    const urls = [...ours.matchAll(/https?:\/\/[^"'\s<)]+/g)].map((m) => m[0]);
    for (const u of urls)
      expect(u === 'http://www.w3.org/2000/svg' || u.startsWith('https://github.com/amlnet/amlnet/blob/main/docs/rules/')).toBe(true);
  });

  it('has a diagram, the scenario table with the row highlighted, and findings linked to nodes, per workspace', () => {
    expect((html.match(/<section class="workspace"/g) ?? []).length).toBe(2);
    // Each workspace's graph ships as the page's layout input (laid out and drawn in the page: test/browser).
    const shipped = [...html.matchAll(/<script type="application\/json" class="diagram-data">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]));
    expect(shipped).toEqual(report.workspaces.map((w) => diagramData(workspaceGraph(model, report, w.id))));
    expect((html.match(/<tr data-scenario="private-workspace" class="current" aria-current="true">/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<li class="finding sev-high"[^>]*data-rule="AMLNET004"[^>]*data-nodes="\[&quot;\/subscriptions/);
  });

  it('passes the inlined layout engine through the output guard unchanged, and guards everything around it', () => {
    const bundle = elkBrowserBundle();
    // Redaction would break it: minified names read as secrets (`PWd=feb(` as a password).
    expect(redactText(bundle)).not.toBe(bundle);
    const guarded = safeText(`AccountKey=abcdef123456; ${ELK_SCRIPT_OPEN}${bundle}</script> password=hunter22`);
    expect(guarded).toBe(`AccountKey=<redacted>; ${ELK_SCRIPT_OPEN}${bundle}</script> password=<redacted>`);
    // Only the bundle's exact bytes pass: anything else after the tag is guarded.
    expect(safeText(`${ELK_SCRIPT_OPEN}password=hunter22`)).toBe(`${ELK_SCRIPT_OPEN}password=<redacted>`);
    expect(safeText(html)).toContain(bundle);
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
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('<script type="application/json" class="diagram-data">');
    // The inlined layout engine passes the output guard byte for byte (redaction would break minified code).
    expect(written).toContain(`<script data-lib="elkjs">${elkBrowserBundle()}</script>`);
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
    for (const [format, start] of [
      ['mermaid', 'flowchart LR'],
      ['dot', 'digraph amlnet {'],
      ['json', '{'],
    ] as const) {
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
