/**
 * The engine on a snapshot, in a process of its own (run with --expose-gc): JSON.parse alone,
 * then parse + buildModel + evaluate, best of a few runs; memory retained by the model against
 * the snapshot's size. Prints one JSON line.
 */
import { readFileSync, statSync } from 'node:fs';
import { buildModel } from '../model/build';
import { evaluate } from '../rules/engine';
import { RULES } from '../rules';
import type { Inventory } from '../model/inventory';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function best(n: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    gc();
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const path = process.argv[2];
const text = readFileSync(path, 'utf8');
const runs = Number(process.env.BENCH_RUNS ?? '5');
const parseMs = best(runs, () => { JSON.parse(text); });
let buildMs = Infinity;
let evalMs = Infinity;
let findings = 0;
for (let i = 0; i < runs; i++) {
  const inv = JSON.parse(text) as Inventory;
  gc();
  const t0 = performance.now();
  const model = buildModel(inv);
  const t1 = performance.now();
  findings = evaluate(model, RULES).findings.length;
  const t2 = performance.now();
  buildMs = Math.min(buildMs, t1 - t0);
  evalMs = Math.min(evalMs, t2 - t1);
}
gc();
const before = process.memoryUsage().heapUsed;
const inv = JSON.parse(text) as Inventory;
const model = buildModel(inv);
gc();
const retained = process.memoryUsage().heapUsed - before;
process.stdout.write(JSON.stringify({
  resources: inv.resources.length, snapshotMiB: statSync(path).size / 2 ** 20, parseMs, buildMs, evalMs, findings,
  retainedMiB: retained / 2 ** 20, maxRssMiB: process.resourceUsage().maxRSS / 1024, workspaces: model.workspaces.length,
}) + '\n');
