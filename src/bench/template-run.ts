/**
 * A template through the before-deployment path, in a process of its own: expanding it (parse,
 * parameters, every expression) and auditing the overlay (overlay, buildModel, every rule, the
 * change comparison), the first run (cold: what one `amlnet audit --template` pays) and the best of
 * a few. Prints one JSON line. Arguments: template, parameters file.
 */
import { planFromTemplate } from '../iac/arm/template';
import { overlayPlan } from '../iac/overlay';
import { buildModel } from '../model/build';
import { evaluate } from '../rules/engine';
import { RULES } from '../rules';

const [template, parameters] = process.argv.slice(2);
const runs = Number(process.env.BENCH_RUNS ?? '7');
const target = { subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'amlnet-deployment', location: 'eastus' };
const expandMs: number[] = [];
// CPU time as well as wall time: on a shared machine the wall clock of one cold run mostly measures the neighbours.
const cpuMs: number[] = [];
const auditMs: number[] = [];
let resources = 0;
let findings = 0;
for (let i = 0; i < runs; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const plan = planFromTemplate({ template, parameterFiles: parameters ? [parameters] : [], parameterOverrides: [], target, cloud: 'AzureCloud' });
  const t1 = performance.now();
  const { inventory } = overlayPlan(undefined, plan, { cloud: 'AzureCloud', subscriptions: [target.subscriptionId] });
  findings = evaluate(buildModel(inventory), RULES).findings.length;
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  cpuMs.push((c.user + c.system) / 1000);
  resources = plan.upserts.length;
  expandMs.push(t1 - t0);
  auditMs.push(t2 - t1);
}
process.stdout.write(
  JSON.stringify({
    resources,
    findings,
    expandFirstMs: expandMs[0],
    expandBestMs: Math.min(...expandMs),
    auditFirstMs: auditMs[0],
    auditBestMs: Math.min(...auditMs),
    cpuFirstMs: cpuMs[0],
    cpuBestMs: Math.min(...cpuMs),
  }) + '\n',
);
