/**
 * The engine on a snapshot, in a process of its own (run with --expose-gc): JSON.parse alone,
 * buildModel and evaluate timed in each of a few runs, best of each; memory retained by the model against
 * the snapshot's size. Prints one JSON line.
 */
import { readFileSync, statSync } from 'node:fs';
import { buildModel } from '../model/build';
import { evaluate } from '../rules/engine';
import { RULES } from '../rules';
import type { Inventory } from '../model/inventory';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const path = process.argv[2];
const text = readFileSync(path, 'utf8');
const runs = Number(process.env.BENCH_RUNS ?? '7');
// Parse, build and evaluate are sampled in the same iteration, so the host's noise (a shared VM
// moves by +-20% from minute to minute) falls on all three alike; each figure is its best.
let parseMs = Infinity;
let buildMs = Infinity;
let evalMs = Infinity;
let findings = 0;
for (let i = 0; i < runs; i++) {
  gc();
  const t0 = performance.now();
  const inv = JSON.parse(text) as Inventory;
  const t1 = performance.now();
  gc();
  const t2 = performance.now();
  const model = buildModel(inv);
  const t3 = performance.now();
  gc();
  const t4 = performance.now();
  findings = evaluate(model, RULES).findings.length;
  const t5 = performance.now();
  parseMs = Math.min(parseMs, t1 - t0);
  buildMs = Math.min(buildMs, t3 - t2);
  evalMs = Math.min(evalMs, t5 - t4);
}
gc();
const before = process.memoryUsage().heapUsed;
const inv = JSON.parse(text) as Inventory;
const model = buildModel(inv);
gc();
const retained = process.memoryUsage().heapUsed - before;
process.stdout.write(
  JSON.stringify({
    resources: inv.resources.length,
    snapshotMiB: statSync(path).size / 2 ** 20,
    parseMs,
    buildMs,
    evalMs,
    findings,
    retainedMiB: retained / 2 ** 20,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    workspaces: model.workspaces.length,
  }) + '\n',
);
