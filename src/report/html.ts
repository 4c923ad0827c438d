/**
 * `--html <file>`: one self-contained page an auditor can open from disk or attach to a ticket.
 * Per workspace: the network as a diagram (its graph ships as JSON; the page lays it out with the
 * inlined elkjs bundle and draws it as SVG when the section first comes near the screen),
 * the seed article's scenario table with the workspace's row marked, and its findings, linked
 * to the diagram both ways. Styles and the small script are inline and a Content-Security-Policy
 * forbids every fetch, so opening the file makes no network request. Everything that comes from
 * the tenant (names, ids, messages, evidence) is HTML-escaped on the way in.
 */
import { nameOf, normalizeId } from '../model/ids';
import type { Model } from '../model/model';
import type { Scenario } from '../model/types';
import type { Finding, RulesMeta } from '../rules/types';
import { docsUrl, gapRuleOf, SEVERITIES } from '../rules/types';
import { escapeHtml, escapeHtmlText } from './escape';
import { evidenceNodes, findingsOfGraph, KIND_LABELS, workspaceGraph, type GraphEdgeKind, type WorkspaceGraph } from './graph';
import { diagramData, ELK_SCRIPT_OPEN, elkBrowserBundle } from './layout';
import type { AuditReport } from './report';

// What escapeHtmlText changes (its control and invisible characters, and the five of markup): most
// strings have none, and one scan says so (the report escapes every name, id and message).
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069&<>"']/;

/** Tenant text for HTML: invisible and bidi-control characters made visible, then escaped. */
function t(s: string | undefined): string {
  if (s === undefined) return '';
  return NEEDS_ESCAPE.test(s) ? escapeHtmlText(s) : s;
}

/** The seed article's table ("예제 시나리오"), in English, plus the two rows amlnet adds. */
export const SCENARIO_TABLE: { scenario: Scenario; title: string; workspace: string; resources: string; training: string; inference: string }[] = [
  { scenario: 'no-vnet', title: 'No virtual network', workspace: 'Public IP', resources: 'Public IP', training: 'Public IP', inference: 'Public IP' },
  {
    scenario: 'public-workspace-private-resources',
    title: 'Public workspace, all other resources in a virtual network',
    workspace: 'Public IP',
    resources: 'Public IP (service endpoint) or private IP (private endpoint)',
    training: 'Public IP',
    inference: 'Private IP',
  },
  {
    scenario: 'private-workspace',
    title: 'Secure resources in a virtual network',
    workspace: 'Private IP (private endpoint)',
    resources: 'Public IP (service endpoint) or private IP (private endpoint)',
    training: 'Private IP',
    inference: 'Private IP',
  },
  {
    scenario: 'managed-vnet',
    title: "Managed virtual network (the article's tip)",
    workspace: 'Managed by Azure ML',
    resources: 'Private endpoints from the managed VNet',
    training: 'Managed',
    inference: 'Managed',
  },
  { scenario: 'mixed', title: 'None of the rows above (amlnet: mixed)', workspace: '—', resources: '—', training: '—', inference: '—' },
];

const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function formatHtml(report: AuditReport, model: Model, rulesMeta: RulesMeta): string {
  const graphs = report.workspaces.map((w) => workspaceGraph(model, report, w.id));
  const findingsOf = graphs.map((g) => findingsOfGraph(report, g));
  const inSomeGraph = new Set<Finding>(findingsOf.flat());
  const scanFindings = report.findings.filter((f) => !inSomeGraph.has(f));
  const rules = [...new Set(report.findings.map((f) => f.ruleId))].sort();

  const body = [
    header(report, rulesMeta),
    workspaceTable(report),
    filters(rules, rulesMeta),
    ...report.workspaces.map((w, i) => workspaceSection(report, graphs[i], findingsOf[i], i)),
    scanSection(report, scanFindings),
  ].join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="amlnet ${t(report.tool.version)}">
<title>amlnet network report</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${ELK_SCRIPT_OPEN}${elkBrowserBundle()}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: AuditReport, rulesMeta: RulesMeta): string {
  const s = report.summary;
  const source =
    report.source.kind === 'snapshot'
      ? `snapshot ${t(report.source.path ?? '')}`
      : report.source.kind === 'none'
        ? 'planned change alone'
        : 'live scan';
  return `<header>
<h1>amlnet network report</h1>
<p class="meta">${source}${report.source.collectedAt ? `, collected ${t(report.source.collectedAt)}` : ''} · cloud ${t(report.cloud)} · subscriptions ${report.scope.subscriptions.map(t).join(', ') || '—'} · amlnet ${t(report.tool.version)}</p>
<p class="verdict verdict-${report.verdict.exitCode ? 'fail' : 'pass'}"><strong>${report.verdict.exitCode ? 'FAIL' : 'PASS'}</strong> (exit ${report.verdict.exitCode}): ${t(report.verdict.reason)}</p>
${partialNotice(report, rulesMeta)}
<p class="summary">${SEVERITIES.map((sev) => `<span class="badge sev-${sev}">${s[sev]} ${sev}</span>`).join(' ')} <span class="badge">${s.suppressed} suppressed</span> · ${report.workspaces.length} workspace${report.workspaces.length === 1 ? '' : 's'}</p>${changeLine(report)}
</header>`;
}

/** At the top, not only in the scan section at the end: what this report cannot vouch for. */
function partialNotice(report: AuditReport, rulesMeta: RulesMeta): string {
  if (!report.verdict.partial) return '';
  const rules = report.unevaluatedRules.map((u) => t(u.ruleId));
  const gaps = report.gaps.map(
    (g) =>
      `<li>could not read <code>${t(g.kind)}</code> at <code>${t(g.scope)}</code>${g.status ? ` (HTTP ${g.status}${g.code ? ` ${t(g.code)}` : ''})` : ''}</li>`,
  );
  return `<div class="partial" role="alert"><strong>Partial scan.</strong> ${report.gaps.length} read(s) failed${rules.length ? `; rule(s) not evaluated: ${rules.join(', ')}` : ''}. Nothing in this report vouches for what could not be read (${t(gapRuleOf(rulesMeta)?.id ?? '')}, <a href="#scan">details</a>).${gaps.length ? `<ul>${gaps.slice(0, 10).join('')}${gaps.length > 10 ? `<li>and ${gaps.length - 10} more</li>` : ''}</ul>` : ''}</div>`;
}

/** Every workspace with its scenario and its open findings by severity (zeros included), linked to its section. */
function workspaceTable(report: AuditReport): string {
  if (report.workspaces.length === 0) return '<p class="none">No Azure Machine Learning workspaces found in scope.</p>';
  const rows = report.workspaces.map(
    (w, i) =>
      `<tr><th scope="row"><a href="#ws-${i}">${t(w.name)}</a></th><td><span class="scenario-tag">${t(w.scenario)}</span></td>${SEVERITIES.map((sev) => `<td class="n${w.counts[sev] ? ` sev-${sev}` : ' zero'}">${w.counts[sev]}</td>`).join('')}</tr>`,
  );
  return `<nav class="toc" aria-label="Workspaces"><table class="counts"><thead><tr><th scope="col">Workspace</th><th scope="col">Scenario</th>${SEVERITIES.map((sev) => `<th scope="col" class="n">${sev}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></nav>`;
}

/** With a planned change: what it introduces and fixes, and which files it came from (docs/before-deployment.md). */
function changeLine(report: AuditReport): string {
  const c = report.change;
  if (!c) return '';
  const fixed = c.fixed.length
    ? `<details><summary>fixed</summary><ul>${c.fixed.map((f) => `<li>${t(f.ruleId)} on <code title="${t(f.resourceId)}">${t(nameOf(f.resourceId))}</code></li>`).join('')}</ul></details>`
    : '';
  return `\n<p class="change"><strong>This change introduces ${c.introduced} finding(s) and fixes ${c.fixed.length}.</strong> ${c.inputs.map((i) => `<code>${t(i.file)}</code>`).join(', ')}${c.base ? ', against the current network' : ', alone (no base)'}</p>${fixed}`;
}

function filters(rules: string[], rulesMeta: RulesMeta): string {
  return `<section class="filters" aria-label="Filter findings">
<span>Severity:</span>
${SEVERITIES.map((s) => `<label><input type="checkbox" data-filter-severity value="${s}" checked> ${s}</label>`).join('\n')}
<label>Rule: <select id="rule-filter"><option value="">all rules</option>${rules.map((r) => `<option value="${t(r)}">${t(r)} ${t(rulesMeta.get(r)?.name ?? '')}</option>`).join('')}</select></label>
<label><input type="checkbox" id="show-suppressed"> show suppressed</label>
</section>`;
}

function workspaceSection(report: AuditReport, graph: WorkspaceGraph, findings: Finding[], index: number): string {
  const ws = report.workspaces[index];
  return `<section class="workspace" id="ws-${index}" data-workspace-id="${t(graph.workspaceId)}">
<h2>${t(ws.name)} <span class="scenario-tag">${t(ws.scenario)}</span></h2>
<p class="rid">${t(ws.id)}${ws.location ? ` · ${t(ws.location)}` : ''}</p>
<div class="columns">
<div class="diagram-col">
${diagramTools(graph)}
<div class="diagram-wrap" data-state="pending"><p class="diagram-pending">The network diagram (${graph.nodes.length} resources) is drawn when this section is on screen (it needs JavaScript).</p></div>
<script type="application/json" class="diagram-data">${jsonInScript(diagramData(graph))}</script>
${legend()}
</div>
<aside class="node-panel" hidden><h3 class="node-title"></h3><p class="node-kind"></p><dl class="node-tags" hidden></dl><ul class="node-findings"></ul><p class="node-none" hidden>No findings involve this resource.</p></aside>
</div>
${scenarioTable(ws.scenario)}
<h3>Findings <span class="count">(${findings.length})</span></h3>
${findings.length ? `<ol class="findings">${findings.map((f) => findingItem(f, evidenceNodes(f, graph))).join('\n')}</ol>` : '<p class="none">No findings for this workspace.</p>'}
</section>`;
}

/** DNS links outnumber everything else in a large hub: above this many, they start collapsed. */
const DNS_EDGES_SHOWN_UP_TO = 12;

function diagramTools(graph: WorkspaceGraph): string {
  const dnsEdges = graph.edges.filter((e) => e.kind === 'dnsLink' || e.kind === 'dnsZoneGroup').length;
  return `<div class="diagram-tools" role="toolbar" aria-label="Diagram">
<button type="button" data-zoom="in" title="Zoom in (or the mouse wheel)">+</button><button type="button" data-zoom="out" title="Zoom out">−</button><button type="button" data-zoom="fit" title="Fit the whole network">fit</button>
<span class="hint">drag to pan, wheel to zoom</span>
${dnsEdges ? `<label><input type="checkbox" class="show-dns"${dnsEdges <= DNS_EDGES_SHOWN_UP_TO ? ' checked' : ''}> private DNS zones and links (${dnsEdges})</label>` : ''}
</div>`;
}

// The same five tables over and over in a large tenant: each is built once.
const scenarioTables = new Map<Scenario, string>();

function scenarioTable(current: Scenario): string {
  let table = scenarioTables.get(current);
  if (table === undefined) scenarioTables.set(current, (table = buildScenarioTable(current)));
  return table;
}

function buildScenarioTable(current: Scenario): string {
  const rows = SCENARIO_TABLE.map((r) => {
    const here = r.scenario === current;
    return `<tr data-scenario="${r.scenario}"${here ? ' class="current" aria-current="true"' : ''}><th scope="row">${escapeHtml(r.title)}${here ? ' <span class="here">◀ this workspace</span>' : ''}</th><td>${escapeHtml(r.workspace)}</td><td>${escapeHtml(r.resources)}</td><td>${escapeHtml(r.training)}</td><td>${escapeHtml(r.inference)}</td></tr>`;
  });
  return `<table class="scenarios"><caption>Scenarios of "Secure Azure Machine Learning workspace resources using virtual networks": how each part is reached</caption>
<thead><tr><th scope="col">Scenario</th><th scope="col">Workspace</th><th scope="col">Associated resources</th><th scope="col">Training compute</th><th scope="col">Inference compute</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>`;
}

function findingItem(f: Finding, nodes: string[]): string {
  const evidence = f.evidence.length
    ? `<details><summary>evidence</summary><ul>${f.evidence.map((e) => `<li><code>${t(nameOf(e.resourceId))}</code> ${t(e.property)}: expected ${t(e.expected)}, found ${t(e.actual)}</li>`).join('')}</ul></details>`
    : '';
  return `<li class="finding sev-${f.severity}" tabindex="0" data-severity="${f.severity}" data-rule="${t(f.ruleId)}" data-resource="${t(normalizeId(f.resourceId))}" data-nodes="${t(JSON.stringify(nodes))}" data-suppressed="${f.suppressed}"${f.suppressed ? ' hidden' : ''}>
<span class="badge sev-${f.severity}">${f.severity}</span> <a class="rule" href="${t(docsUrl(f.ruleId))}" target="_blank" rel="noopener noreferrer">${t(f.ruleId)}</a> <span class="rule-name">${t(f.name)}</span> on <code class="res" title="${t(f.resourceId)}">${t(nameOf(f.resourceId))}</code>${f.suppressed ? ` <span class="badge">suppressed: ${t(f.suppression?.reason ?? '')}</span>` : ''}
<p class="msg">${t(f.message)}</p>${f.change ? `<p class="change">${f.change === 'new' ? '<span class="badge">new</span>' : '<span class="badge">existing</span>'}${f.source ? ` declared at <code>${t(f.source.file)}${f.source.line ? `:${f.source.line}` : ''}</code>` : ''}</p>` : ''}${evidence}</li>`;
}

function scanSection(report: AuditReport, findings: Finding[]): string {
  const parts: string[] = [];
  if (findings.length)
    parts.push(`<h3>Findings not tied to a workspace diagram</h3><ol class="findings">${findings.map((f) => findingItem(f, [])).join('\n')}</ol>`);
  if (report.unevaluatedRules.length)
    parts.push(`<h3>Rules not evaluated</h3><ul>${report.unevaluatedRules.map((u) => `<li>${t(u.ruleId)}: ${t(u.reason)}</li>`).join('')}</ul>`);
  if (!parts.length) return '';
  return `<section class="scan" id="scan"><h2>The scan</h2>${parts.join('\n')}</section>`;
}

const EDGE_STYLE: Record<GraphEdgeKind, { dash?: string; arrow: 'end' | 'both' | 'none' }> = {
  uses: { arrow: 'end' },
  privateLink: { arrow: 'end' },
  inSubnet: { arrow: 'none' },
  inVnet: { arrow: 'none' },
  peering: { arrow: 'both' },
  vnetRule: { dash: '6 3', arrow: 'end' },
  nsg: { arrow: 'end' },
  routeTable: { arrow: 'end' },
  dnsLink: { dash: '2 3', arrow: 'end' },
  dnsZoneGroup: { dash: '2 3', arrow: 'end' },
  hosts: { arrow: 'end' },
  attachedTo: { arrow: 'end' },
  nodesIn: { dash: '6 3', arrow: 'end' },
};

/**
 * JSON inside <script type="application/json">: `<` (so no `</script>` or `<!--` can end or change
 * the element), `>` and `&` as \u escapes, which JSON.parse reads back unchanged.
 */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function legend(): string {
  const sev = SEVERITIES.map((s) => `<span class="swatch sev-${s}">${s}</span>`).join('');
  return `<p class="legend">Colour = worst finding on the resource: ${sev}<span class="swatch sev-none">none</span> · solid arrow: uses, private link, hosts, NSG/route table · dashed: DNS, service-endpoint rule · double arrow: VNet peering (Connected both ways) · boxes: VNets and subnets. Click a node or a finding.</p>`;
}

const STYLE = `
:root{--high:#cf222e;--high-bg:#ffebe9;--medium:#bc4c00;--medium-bg:#fff1e5;--low:#9a6700;--low-bg:#fff8c5;--info:#0969da;--info-bg:#ddf4ff;--none:#57606a;--none-bg:#f6f8fa;--hl:#8250df}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;margin:0;padding:0 24px 48px;background:#fff}
header{padding:16px 0 8px;border-bottom:1px solid #d0d7de}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 4px}h3{font-size:15px;margin:18px 0 6px}
.meta,.rid{color:#57606a;font-size:12px;margin:2px 0;word-break:break-all}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;border:1px solid #d0d7de;background:#f6f8fa}
.badge.sev-high{color:var(--high);background:var(--high-bg);border-color:var(--high)}
.badge.sev-medium{color:var(--medium);background:var(--medium-bg);border-color:var(--medium)}
.badge.sev-low{color:var(--low);background:var(--low-bg);border-color:var(--low)}
.badge.sev-info{color:var(--info);background:var(--info-bg);border-color:var(--info)}
.filters{position:sticky;top:0;z-index:2;background:#fff;padding:8px 0;border-bottom:1px solid #d0d7de;display:flex;gap:12px;flex-wrap:wrap;align-items:center}
.scenario-tag{font-size:12px;font-weight:normal;padding:1px 8px;border-radius:10px;background:#ddf4ff;color:#0550ae}
.columns{display:flex;gap:16px;align-items:flex-start}
.diagram-col{flex:1 1 auto;min-width:0}
.diagram-wrap{overflow:hidden;border:1px solid #d0d7de;border-radius:6px;background:#fff}
/* Sections off the screen are not laid out by the browser: a report of 600 workspaces took 54 s to open without this, 5 s with it. */
section.workspace{content-visibility:auto;contain-intrinsic-size:auto 1400px;scroll-margin-top:48px}
.diagram-pending{margin:0;padding:24px 12px;min-height:160px;color:#57606a;font-size:12px}
svg.diagram{display:block;font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
g.node{cursor:pointer}
g.node rect{fill:var(--none-bg);stroke:var(--none);stroke-width:1.2}
g.node.compound rect{fill:#fbfdff;stroke:#8c959f;stroke-dasharray:5 3}
g.node.kind-vnet rect{fill:#f3f8ff;stroke:#0969da}
g.node.sev-high rect{fill:var(--high-bg);stroke:var(--high);stroke-width:2}
g.node.sev-medium rect{fill:var(--medium-bg);stroke:var(--medium);stroke-width:2}
g.node.sev-low rect{fill:var(--low-bg);stroke:var(--low);stroke-width:2}
g.node.sev-info rect{fill:var(--info-bg);stroke:var(--info);stroke-width:2}
g.node text{fill:#1f2328;font-size:12px}
g.node text.k{font-size:9.5px;fill:#57606a;text-transform:uppercase;letter-spacing:.04em}
g.node text.n{font-weight:600}
g.node text.d,g.node tspan.d{font-size:10.5px;fill:#57606a;font-weight:normal}
g.edge path{fill:none;stroke:#8c959f;stroke-width:1.3}
g.edge.kind-peering path{stroke:#0969da;stroke-width:2.2}
.arrowhead{fill:#8c959f}
svg.focus g.node:not(.hl):not(.compound){opacity:.28}
svg.focus g.edge:not(.hl){opacity:.15}
g.node.hl rect{stroke:var(--hl)!important;stroke-width:3.5!important}
g.edge.hl path{stroke:var(--hl);stroke-width:2.5}
g.node:focus{outline:none}g.node:focus rect{stroke-width:3}
.legend{font-size:12px;color:#57606a}
.swatch{display:inline-block;padding:0 6px;margin:0 3px;border-radius:3px;border:1px solid}
.swatch.sev-high{background:var(--high-bg);border-color:var(--high)}.swatch.sev-medium{background:var(--medium-bg);border-color:var(--medium)}
.swatch.sev-low{background:var(--low-bg);border-color:var(--low)}.swatch.sev-info{background:var(--info-bg);border-color:var(--info)}.swatch.sev-none{background:var(--none-bg);border-color:var(--none)}
.node-panel{flex:0 0 300px;border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;background:#f6f8fa;position:sticky;top:48px}
.node-panel h3{margin:0 0 2px;word-break:break-all}.node-panel .node-kind{margin:0 0 8px;color:#57606a;font-size:12px;word-break:break-all}
.node-panel ul{padding-left:18px;margin:0}.node-tags{margin:0 0 8px;font-size:12px;display:grid;grid-template-columns:auto 1fr;gap:2px 8px}.node-tags dt{color:#57606a}.node-tags dd{margin:0;word-break:break-all}.node-panel li{cursor:pointer;margin-bottom:4px}
table.scenarios{border-collapse:collapse;margin:16px 0;font-size:13px;width:100%}
table.scenarios caption{text-align:left;font-weight:600;margin-bottom:4px}
table.scenarios th,table.scenarios td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
table.scenarios thead th{background:#f6f8fa}
table.scenarios tr.current{background:#fff8c5;outline:2px solid #bf8700}
.here{color:#9a6700;font-weight:600;white-space:nowrap}
ol.findings{padding-left:22px}
li.finding{padding:6px 8px;margin:4px 0;border-left:4px solid var(--none);border-radius:4px;cursor:pointer;background:#fff}
li.finding.sev-high{border-color:var(--high)}li.finding.sev-medium{border-color:var(--medium)}li.finding.sev-low{border-color:var(--low)}li.finding.sev-info{border-color:var(--info)}
li.finding:hover{background:#f6f8fa}
li.finding.selected{background:#fbefff;outline:2px solid var(--hl)}
li.finding .msg{margin:4px 0 0}
li.finding code.res{word-break:break-all}
.toc{margin:12px 0}
table.counts{border-collapse:collapse;font-size:13px}
table.counts th,table.counts td{border:1px solid #d0d7de;padding:3px 10px;text-align:left}
table.counts thead th{background:#f6f8fa}
table.counts .n{text-align:right;font-variant-numeric:tabular-nums;min-width:4.5em}
table.counts td.zero{color:#8c959f}
table.counts td.sev-high{color:var(--high);font-weight:600}table.counts td.sev-medium{color:var(--medium);font-weight:600}
table.counts td.sev-low{color:var(--low);font-weight:600}table.counts td.sev-info{color:var(--info);font-weight:600}
.verdict{margin:6px 0;font-size:15px}.verdict-fail strong{color:var(--high)}.verdict-pass strong{color:#1a7f37}
.partial{margin:8px 0;padding:8px 12px;border:1px solid #bf8700;border-left-width:5px;border-radius:6px;background:#fff8c5}
.partial ul{margin:4px 0 0;padding-left:20px;font-size:12px}
.diagram-tools{display:flex;gap:6px;align-items:center;margin:6px 0;font-size:12px;color:#57606a}
.diagram-tools button{font:inherit;min-width:30px;padding:2px 8px;border:1px solid #d0d7de;border-radius:4px;background:#f6f8fa;cursor:pointer}
.diagram-tools .hint{margin-right:auto}
.diagram-wrap{cursor:grab;touch-action:none}.diagram-wrap.panning{cursor:grabbing}
section.hide-dns g.edge.kind-dnsLink,section.hide-dns g.edge.kind-dnsZoneGroup,section.hide-dns g.node.kind-privateDnsZone{display:none}
`;

const SCRIPT = `
(function () {
  'use strict';
  function sectionOf(el) { return el.closest('section.workspace'); }
  function nodesIn(section) { return Array.prototype.slice.call(section.querySelectorAll('g.node')); }
  function clear(section) {
    section.querySelectorAll('.hl').forEach(function (e) { e.classList.remove('hl'); });
    section.querySelectorAll('li.finding.selected').forEach(function (e) { e.classList.remove('selected'); });
    var svg = section.querySelector('svg.diagram');
    if (svg) svg.classList.remove('focus');
  }
  function highlight(section, ids) {
    var set = {};
    ids.forEach(function (id) { set[id] = true; });
    nodesIn(section).forEach(function (g) { if (set[g.getAttribute('data-node-id')]) g.classList.add('hl'); });
    section.querySelectorAll('g.edge').forEach(function (g) {
      if (set[g.getAttribute('data-from')] && set[g.getAttribute('data-to')]) g.classList.add('hl');
    });
    var svg = section.querySelector('svg.diagram');
    if (svg) svg.classList.add('focus');
  }
  function selectFinding(li) {
    var section = sectionOf(li);
    if (!section) return;
    var already = li.classList.contains('selected');
    clear(section);
    if (already) return;
    li.classList.add('selected');
    var ids = JSON.parse(li.getAttribute('data-nodes') || '[]');
    highlight(section, ids);
    // A finding whose evidence runs through a private DNS zone shows the collapsed zones again.
    var dns = section.querySelector('input.show-dns');
    if (dns && !dns.checked && section.querySelector('g.node.kind-privateDnsZone.hl')) { dns.checked = true; section.classList.remove('hide-dns'); }
  }
  function selectNode(g) {
    var section = sectionOf(g);
    var id = g.getAttribute('data-node-id');
    clear(section);
    highlight(section, [id]);
    var panel = section.querySelector('.node-panel');
    panel.hidden = false;
    panel.querySelector('.node-title').textContent = g.getAttribute('data-label');
    panel.querySelector('.node-kind').textContent = g.getAttribute('data-kind') + ' ' + id;
    // Tags come from the tenant: shown as text only.
    var tagList = panel.querySelector('.node-tags');
    while (tagList.firstChild) tagList.removeChild(tagList.firstChild);
    var tags = JSON.parse(g.getAttribute('data-tags') || '{}');
    Object.keys(tags).sort().forEach(function (k) {
      var dt = document.createElement('dt'); dt.textContent = k;
      var dd = document.createElement('dd'); dd.textContent = tags[k];
      tagList.appendChild(dt); tagList.appendChild(dd);
    });
    tagList.hidden = tagList.childNodes.length === 0;
    var list = panel.querySelector('.node-findings');
    while (list.firstChild) list.removeChild(list.firstChild);
    var count = 0;
    section.querySelectorAll('li.finding').forEach(function (li) {
      var onIt = li.getAttribute('data-resource') === id;
      var inChain = JSON.parse(li.getAttribute('data-nodes') || '[]').indexOf(id) >= 0;
      if (!onIt && !inChain) return;
      count++;
      li.classList.add('selected');
      var item = document.createElement('li');
      item.className = 'node-finding';
      item.textContent = li.getAttribute('data-severity') + ' ' + li.getAttribute('data-rule') + (onIt ? '' : ' (evidence)') + ': ' + li.querySelector('.msg').textContent;
      item.addEventListener('click', function () { li.scrollIntoView({ block: 'center' }); selectFinding(li); });
      list.appendChild(item);
    });
    panel.querySelector('.node-none').hidden = count > 0;
  }
  function applyFilters() {
    var sev = {};
    document.querySelectorAll('input[data-filter-severity]').forEach(function (b) { if (b.checked) sev[b.value] = true; });
    var rule = document.getElementById('rule-filter').value;
    var suppressed = document.getElementById('show-suppressed').checked;
    document.querySelectorAll('li.finding').forEach(function (li) {
      li.hidden = !(sev[li.getAttribute('data-severity')] && (!rule || li.getAttribute('data-rule') === rule) && (suppressed || li.getAttribute('data-suppressed') !== 'true'));
    });
  }
  document.addEventListener('click', function (ev) {
    var target = ev.target;
    if (!(target instanceof Element) || target.closest('a, summary, details ul')) return;
    var li = target.closest('li.finding');
    if (li) { selectFinding(li); return; }
    var g = target.closest('g.node');
    if (g) selectNode(g);
  });
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var target = ev.target;
    if (!(target instanceof Element)) return;
    if (target.matches('li.finding')) { ev.preventDefault(); selectFinding(target); }
    else if (target.matches('g.node')) { ev.preventDefault(); selectNode(target); }
  });
  document.querySelectorAll('.filters input, .filters select').forEach(function (el) { el.addEventListener('change', applyFilters); });
  applyFilters();

  // Pan and zoom move the diagram's viewBox: the wheel zooms at the pointer, a drag pans, the buttons zoom
  // at the centre or fit the whole network. A diagram larger than its box opens at its natural size (the
  // text readable) at the top left; "fit" shows all of it. A drag never counts as a click on a node.
  var dragged = false;
  function panAndZoom(section) {
    var wrap = section.querySelector('.diagram-wrap');
    var svg = wrap && wrap.querySelector('svg.diagram');
    if (!svg) return;
    var b = svg.getAttribute('data-viewbox').split(' ').map(Number);
    var full = { x: b[0], y: b[1], w: b[2], h: b[3] };
    var box = svg.getBoundingClientRect();
    var vb = box.width > 0 && (full.w > box.width + 1 || full.h > box.height + 1)
      ? { x: full.x, y: full.y, w: box.width, h: box.height }
      : { x: full.x, y: full.y, w: full.w, h: full.h };
    // data-zoom: screen pixels per diagram unit (1 = natural size).
    function apply() { svg.setAttribute('viewBox', [vb.x, vb.y, vb.w, vb.h].join(' ')); svg.setAttribute('data-zoom', (svg.getBoundingClientRect().width / vb.w).toFixed(2)); }
    function toSvg(ev) {
      var m = svg.getScreenCTM();
      if (!m) return { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 };
      var p = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(m.inverse());
      return { x: p.x, y: p.y };
    }
    function zoom(f, at) {
      var w = Math.min(full.w * 2, Math.max(box.width / 4, vb.w / f));
      f = vb.w / w;
      vb.x = at.x - (at.x - vb.x) / f; vb.y = at.y - (at.y - vb.y) / f; vb.w /= f; vb.h /= f;
      apply();
    }
    wrap.addEventListener('wheel', function (ev) { ev.preventDefault(); zoom(ev.deltaY < 0 ? 1.25 : 0.8, toSvg(ev)); }, { passive: false });
    var start = null;
    wrap.addEventListener('pointerdown', function (ev) { if (ev.button === 0) start = { x: ev.clientX, y: ev.clientY, vx: vb.x, vy: vb.y, moved: false }; });
    wrap.addEventListener('pointermove', function (ev) {
      if (!start) return;
      var dx = ev.clientX - start.x, dy = ev.clientY - start.y;
      if (!start.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!start.moved) { start.moved = true; wrap.setPointerCapture(ev.pointerId); wrap.classList.add('panning'); }
      var scale = vb.w / svg.getBoundingClientRect().width;
      vb.x = start.vx - dx * scale; vb.y = start.vy - dy * scale;
      apply();
    });
    function end() { if (start && start.moved) dragged = true; start = null; wrap.classList.remove('panning'); }
    wrap.addEventListener('pointerup', end);
    wrap.addEventListener('pointercancel', end);
    section.querySelectorAll('.diagram-tools button').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var how = btn.getAttribute('data-zoom');
        if (how === 'fit') { vb = { x: full.x, y: full.y, w: full.w, h: full.h }; apply(); return; }
        zoom(how === 'in' ? 1.25 : 0.8, { x: vb.x + vb.w / 2, y: vb.y + vb.h / 2 });
      });
    });
    apply();
  }
  document.querySelectorAll('section.workspace').forEach(function (section) {
    var dns = section.querySelector('input.show-dns');
    function showDns() { section.classList.toggle('hide-dns', !!dns && !dns.checked); }
    if (dns) dns.addEventListener('change', showDns);
    showDns();
  });
  // A click that ends a drag is not a selection.
  document.addEventListener('click', function (ev) { if (dragged) { dragged = false; ev.stopImmediatePropagation(); } }, true);

  // Drawing. ELK's output (coordinates, edge sections relative to their container) becomes SVG
  // built with the DOM: tenant strings are only ever set as text or attribute values.
  var KIND_LABELS = ${JSON.stringify(KIND_LABELS)};
  var EDGE_STYLE = ${JSON.stringify(EDGE_STYLE)};
  var SVGNS = 'http://www.w3.org/2000/svg';
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }
  function textEl(name, attrs, text, parent) { var e = el(name, attrs, parent); e.textContent = text; return e; }
  function cut(s, n) { return s.length > n ? s.slice(0, n - 1) + '\\u2026' : s; }
  function r(v) { return Math.round(v * 10) / 10; }
  function draw(section, data, laid) {
    var index = section.id.slice(3);
    var placed = [];
    var origin = { root: { x: 0, y: 0 } };
    function walk(n, ox, oy, parent) {
      var x = ox + (n.x || 0), y = oy + (n.y || 0);
      origin[n.id] = { x: x, y: y };
      placed.push({ node: data.nodes[Number(n.id.slice(1))], x: x, y: y, w: n.width || 0, h: n.height || 0, parent: parent });
      (n.children || []).forEach(function (c) { walk(c, x, y, data.nodes[Number(n.id.slice(1))].id); });
    }
    (laid.children || []).forEach(function (c) { walk(c, 0, 0, null); });
    var width = Math.max(200, r(laid.width || 0)), height = Math.max(80, r(laid.height || 0));
    var svg = el('svg', { 'class': 'diagram', viewBox: '0 0 ' + width + ' ' + height, 'data-viewbox': '0 0 ' + width + ' ' + height, width: '100%', height: String(Math.min(height, 640)), style: 'max-width:' + width + 'px', role: 'img', 'aria-label': 'network diagram' });
    var defs = el('defs', {}, svg);
    el('path', { d: 'M0 0 L10 5 L0 10 z', 'class': 'arrowhead' }, el('marker', { id: 'arrow-' + index, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' }, defs));
    el('path', { d: 'M10 0 L0 5 L10 10 z', 'class': 'arrowhead' }, el('marker', { id: 'arrow-start-' + index, viewBox: '0 0 10 10', refX: '1', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' }, defs));
    function drawNode(p) {
      var n = p.node;
      var attrs = { 'class': 'node kind-' + n.kind + ' sev-' + n.severity + (n.compound ? ' compound' : ''), 'data-node-id': n.id, 'data-kind': n.kind, 'data-label': n.label, 'data-findings': n.findings.join(' '), tabindex: '0', role: 'button', 'aria-label': KIND_LABELS[n.kind] + ' ' + n.label };
      if (p.parent) attrs['data-parent'] = p.parent;
      if (n.tags) attrs['data-tags'] = JSON.stringify(n.tags);
      var g = el('g', attrs, svg);
      textEl('title', {}, KIND_LABELS[n.kind] + ': ' + n.label + (n.detail ? ' (' + n.detail + ')' : '') + '\\n' + n.id + (n.findings.length ? '\\nfindings: ' + n.findings.join(', ') : ''), g);
      el('rect', { x: r(p.x), y: r(p.y), width: r(p.w), height: r(p.h), rx: n.compound ? 8 : n.kind === 'workspace' ? 14 : 5 }, g);
      if (n.compound) {
        textEl('text', { x: r(p.x + 10), y: r(p.y + 15), 'class': 'k' }, KIND_LABELS[n.kind], g);
        var name = textEl('text', { x: r(p.x + 10), y: r(p.y + 28), 'class': 'n' }, cut(n.label, 40), g);
        if (n.detail) { name.appendChild(document.createTextNode(' ')); textEl('tspan', { 'class': 'd' }, cut(n.detail, 30), name); }
        return;
      }
      textEl('text', { x: r(p.x + 10), y: r(p.y + 14), 'class': 'k' }, KIND_LABELS[n.kind] + (n.findings.length ? ' \\u00b7 ' + n.findings.length + ' finding' + (n.findings.length > 1 ? 's' : '') : ''), g);
      textEl('text', { x: r(p.x + 10), y: r(p.y + 29), 'class': 'n' }, cut(n.label, 40), g);
      if (n.detail) textEl('text', { x: r(p.x + 10), y: r(p.y + 43), 'class': 'd' }, cut(n.detail, 40), g);
    }
    // Boxes first, then edges, then the nodes on top of both.
    placed.filter(function (p) { return p.node.compound; }).forEach(drawNode);
    (laid.edges || []).forEach(function (e) {
      var edge = data.edges[Number(e.id.slice(1))];
      var st = EDGE_STYLE[edge.kind];
      var o = origin[e.container || 'root'] || { x: 0, y: 0 };
      var d = [];
      (e.sections || []).forEach(function (s) {
        [s.startPoint].concat(s.bendPoints || [], [s.endPoint]).forEach(function (pt) { d.push((d.length ? 'L' : 'M') + r(o.x + pt.x) + ' ' + r(o.y + pt.y)); });
      });
      var g = el('g', { 'class': 'edge kind-' + edge.kind, 'data-from': data.nodes[edge.from].id, 'data-to': data.nodes[edge.to].id, 'data-kind': edge.kind }, svg);
      textEl('title', {}, edge.kind, g);
      var path = { d: d.join(' ') };
      if (st.dash) path['stroke-dasharray'] = st.dash;
      if (st.arrow !== 'none') path['marker-end'] = 'url(#arrow-' + index + ')';
      if (st.arrow === 'both') path['marker-start'] = 'url(#arrow-start-' + index + ')';
      el('path', path, g);
    });
    placed.filter(function (p) { return !p.node.compound; }).forEach(drawNode);
    var wrap = section.querySelector('.diagram-wrap');
    while (wrap.firstChild) wrap.removeChild(wrap.firstChild);
    wrap.appendChild(svg);
    panAndZoom(section);
    // A finding selected before its diagram was drawn: show its evidence chain now.
    var selected = section.querySelector('li.finding.selected');
    if (selected) highlight(section, JSON.parse(selected.getAttribute('data-nodes') || '[]'));
  }

  // Layout on demand: a section's diagram is laid out (elkjs, in this thread: the page may start no
  // worker) when the section first comes within a screen or so of the viewport, one at a time, so a
  // report of thousands of workspaces opens at once and only what is looked at is laid out.
  var elk = null;
  var queue = [];
  var busy = false;
  function pump() {
    if (busy || !queue.length) return;
    busy = true;
    // The one on the screen first (a jump from the table lands between sections queued on the way).
    var next = 0;
    for (var i = 0; i < queue.length; i++) {
      var box = queue[i].getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) { next = i; break; }
    }
    var wrap = queue.splice(next, 1)[0];
    var section = sectionOf(wrap);
    var data = JSON.parse(section.querySelector('script.diagram-data').textContent);
    if (!elk) elk = new ELK({ algorithms: ['layered'] });
    elk.layout(data.elk).then(function (laid) {
      draw(section, data, laid);
      wrap.setAttribute('data-state', 'drawn');
    }, function (err) {
      wrap.setAttribute('data-state', 'failed');
      wrap.textContent = 'The diagram could not be laid out: ' + ((err && err.message) || String(err));
    }).then(function () { busy = false; pump(); });
  }
  function request(wrap) {
    if (wrap.getAttribute('data-state') !== 'pending') return;
    wrap.setAttribute('data-state', 'queued');
    queue.push(wrap);
    pump();
  }
  var wraps = document.querySelectorAll('section.workspace .diagram-wrap');
  if (typeof IntersectionObserver === 'function') {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { if (entry.isIntersecting) { watcher.unobserve(entry.target); request(entry.target); } });
    }, { rootMargin: '800px 0px' });
    wraps.forEach(function (w) { watcher.observe(w); });
  } else {
    wraps.forEach(request);
  }
})();
`;
