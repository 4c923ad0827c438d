/**
 * The reports of a large snapshot, in a process of its own: the JSON, SARIF, Markdown and HTML
 * outputs of the same report, each timed (best of a few runs). The HTML report draws every
 * workspace, so it is where work growing with workspaces x findings would show. Wall and CPU time
 * (user + system) are both kept: on a shared machine the CPU time is the steadier of the two.
 * Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { buildReport } from '../cli/audit';
import { FORMATTERS, type FormatContext, type FormatName } from '../report/formats';
import { RULES_META } from '../rules';
import type { Inventory } from '../model/inventory';

const path = process.argv[2];
const runs = Number(process.env.BENCH_RUNS ?? '3');
const inventory = JSON.parse(readFileSync(path, 'utf8')) as Inventory;
const t0 = performance.now();
const { report, model } = buildReport(inventory, { kind: 'snapshot', path }, 'none');
const reportMs = performance.now() - t0;
const ctx: FormatContext = { model, rulesMeta: RULES_META, color: false, verbose: false };
const best: Partial<Record<FormatName, number>> = {};
const bestCpu: Partial<Record<FormatName, number>> = {};
const bytes: Partial<Record<FormatName, number>> = {};
for (let i = 0; i < runs; i++) {
  for (const format of ['json', 'sarif', 'markdown', 'html'] as const) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const text = FORMATTERS[format](report, ctx);
    const used = process.cpuUsage(cpu);
    best[format] = Math.min(best[format] ?? Infinity, performance.now() - t);
    bestCpu[format] = Math.min(bestCpu[format] ?? Infinity, (used.user + used.system) / 1000);
    bytes[format] = Buffer.byteLength(text);
  }
}
process.stdout.write(
  JSON.stringify({
    workspaces: report.workspaces.length,
    resources: inventory.resources.length,
    findings: report.findings.length,
    reportMs,
    ms: best,
    cpuMs: bestCpu,
    bytes,
  }) + '\n',
);
