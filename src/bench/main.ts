/**
 * `npm run bench`: collection and engine figures against the targets of issue 5.
 *
 * Collection: synthetic tenants (fixtures/scale.ts) served by the fake Resource Manager with
 * injected latency; each collector runs in a child process. Printed per run: requests the fake
 * received (retries included) against the minimum this tenant needs under the same request policy
 * (every list the enabled rules need, one request per page, children only where a rule can use
 * them); wall time against the lower bound latency x max(dependency depth, requests / concurrency);
 * peak RSS. Throttled: the per-subscription collector against a token bucket per subscription,
 * wall time against the bucket's bound. Engine: parse vs build + evaluate on snapshots of two sizes.
 */
import { spawnSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert } from '../fakearm/cert';
import { cliEnvFor } from '../fakearm/env';
import { startFakeArm } from '../fakearm/server';
import { syntheticTenant, type SyntheticTenant } from '../fixtures/scale';
import { kindsNeededBy } from '../collectors/needs';
import { RULES } from '../rules';
import { isEnabledByDefault } from '../rules/engine';
import type { ArmResource, DataKind } from '../model/inventory';
import { KINDS, parentKind } from '../model/kinds';
import { AZURE_DNS_IP } from '../model/adapters';
import { vnetOfSubnet } from '../model/ids';
import { RESOURCE_GRAPH_PAGE_SIZE } from '../collectors/resourcegraph';
import { DEFAULT_CONCURRENCY } from '../collectors/session';

const LATENCY_MS = 50;
const PAGE_SIZE = 100;

/**
 * The listed kinds' ARM types (kinds.ts): the rows of the Resource Graph queries of `resources` and
 * `authorizationresources`; the per-subscription collector lists the child kinds among them (VNet
 * links, online endpoints and deployments) per parent instead. The A records are counted apart.
 */
const KIND_TYPES: Partial<Record<DataKind, string>> = Object.fromEntries(
  KINDS.filter((k) => k.listing.per === 'subscription' || (k.graphTable && k.graphTable !== 'dnsresources')).map((k) => [k.kind, k.armTypes[0]]),
);

const typeOf = (r: ArmResource) => String(r.type ?? '').toLowerCase();
const subOf = (id: string) => id.split('/')[2].toLowerCase();
const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/**
 * The plan any sound collector must at least carry out for this tenant: requests, dependency depth,
 * and how many requests sit at each dependency level (`levels[j]`: requests that need at least j
 * answers before them, counted at the earliest level they could be sent: page p of a list at level
 * p, a child at level 2, a grandchild at level 3).
 */
export function minimumFor(
  tenant: SyntheticTenant,
  collector: 'per-subscription' | 'resource-graph',
  needs: ReadonlySet<DataKind>,
): { requests: number; depth: number; levels: number[] } {
  const kinds = [...needs].filter((k) => KIND_TYPES[k]);
  const wanted = new Set(kinds.map((k) => KIND_TYPES[k] as string));
  const rows = tenant.resources.filter((r) => wanted.has(typeOf(r)));
  let requests = 0;
  let listDepth = 0;
  const levels: number[] = [];
  const at = (level: number, n = 1) => {
    requests += n;
    levels[level] = (levels[level] ?? 0) + n;
  };
  /** A list of `n` items: one request per page, each page after the one before, the first at `level`. */
  const list = (level: number, n: number, size: number) => {
    for (let p = 0; p < pages(n, size); p++) at(level + p);
  };
  if (collector === 'per-subscription') {
    for (const s of tenant.subscriptions) {
      const sub = s.subscriptionId.toLowerCase();
      at(1); // the subscription itself (tells a missing subscription from an empty one)
      for (const k of kinds) {
        if (parentKind(k)) continue; // listed per parent (below)
        const n = rows.filter((r) => typeOf(r) === KIND_TYPES[k] && subOf(r.id) === sub).length;
        list(1, n, PAGE_SIZE);
        listDepth = Math.max(listDepth, pages(n, PAGE_SIZE));
      }
    }
  } else {
    list(1, tenant.subscriptions.length, PAGE_SIZE);
    // One query per table (resources with the online endpoints and deployments, authorizationresources,
    // dnsresources for the A records that replace zone group reads); they can go out with the
    // subscription list when they cover the scope (tenant or management groups).
    const graphRows = rows.length;
    list(1, graphRows, RESOURCE_GRAPH_PAGE_SIZE);
    if (needs.has('privateDnsZoneGroups')) list(1, aRecordCount(tenant), RESOURCE_GRAPH_PAGE_SIZE);
    // The management-group ancestry of the subscriptions (resourcecontainers), for inherited role assignments.
    if (needs.has('roleAssignments')) list(1, tenant.subscriptions.length, RESOURCE_GRAPH_PAGE_SIZE);
    listDepth = 1 + pages(graphRows, RESOURCE_GRAPH_PAGE_SIZE);
  }
  const byId = new Map(tenant.resources.map((r) => [r.id.toLowerCase(), r]));
  const restricted = (r: ArmResource | undefined) => {
    const p = (r?.properties ?? {}) as Record<string, any>;
    return String(p.publicNetworkAccess ?? '').toLowerCase() === 'disabled' || String(p.networkAcls?.defaultAction ?? '').toLowerCase() === 'deny';
  };
  const anyRestricted = tenant.resources.some((r) => typeOf(r) === 'microsoft.storage/storageaccounts' && restricted(r));
  const childCount = (parent: string, seg: string) =>
    tenant.resources.filter(
      (r) => r.id.toLowerCase().startsWith(`${parent.toLowerCase()}/${seg}/`) && r.id.split('/').length === parent.split('/').length + 2,
    ).length;
  let depth = listDepth;
  for (const ws of tenant.resources.filter((r) => typeOf(r) === 'microsoft.machinelearningservices/workspaces')) {
    if (needs.has('computes')) list(2, childCount(ws.id, 'computes'), PAGE_SIZE);
    if (needs.has('datastores') && anyRestricted) list(2, childCount(ws.id, 'datastores'), PAGE_SIZE);
    if (needs.has('onlineEndpoints') && collector === 'per-subscription') at(2);
    const storage = byId.get(String((ws.properties as any)?.storageAccount ?? '').toLowerCase());
    if (needs.has('labelingJobs') && restricted(storage)) {
      at(2);
      depth = Math.max(depth, listDepth + 1);
      if (needs.has('dataAssets')) {
        const jobs = tenant.resources.filter(
          (r) =>
            r.id.toLowerCase().startsWith(`${ws.id.toLowerCase()}/labelingjobs/`) &&
            (r.properties as any)?.mlAssistConfiguration?.mlAssist === 'Enabled',
        );
        at(3, jobs.length);
        if (jobs.length) depth = Math.max(depth, listDepth + 2);
      }
    }
  }
  // Children every sound collector must read per parent for the full catalogue (one page each here).
  const vnets = new Map(tenant.resources.filter((r) => typeOf(r) === 'microsoft.network/virtualnetworks').map((v) => [v.id.toLowerCase(), v]));
  const DEPENDENCY =
    /\/providers\/microsoft\.(machinelearningservices\/workspaces|storage\/storageaccounts|keyvault\/vaults|containerregistry\/registries)\//i;
  if (needs.has('onlineDeployments') && collector === 'per-subscription') {
    const endpoints = tenant.resources.filter((r) => /\/workspaces\/[^/]+\/onlineendpoints\/[^/]+$/i.test(r.id));
    at(3, endpoints.length);
    if (endpoints.length) depth = Math.max(depth, listDepth + 2);
  }
  if (needs.has('privateDnsZoneGroups') && collector === 'per-subscription') {
    // Endpoints of a workspace or dependency in a VNet on Azure DNS (AMLNET401's scope).
    for (const pe of tenant.resources.filter((r) => typeOf(r) === 'microsoft.network/privateendpoints')) {
      const p = (pe.properties ?? {}) as Record<string, any>;
      const targets = [...(p.privateLinkServiceConnections ?? []), ...(p.manualPrivateLinkServiceConnections ?? [])].map((x: any) =>
        String(x?.properties?.privateLinkServiceId ?? ''),
      );
      if (!targets.some((t) => DEPENDENCY.test(t))) continue;
      const vnetId = vnetOfSubnet(String(p.subnet?.id ?? '')) ?? '';
      const dns: unknown[] = ((vnets.get(vnetId)?.properties ?? {}) as Record<string, any>).dhcpOptions?.dnsServers ?? [];
      // Custom DNS servers (Azure's own resolver alone is Azure DNS): AMLNET401 has nothing to read there.
      if (dns.some((d) => String(d).trim() !== AZURE_DNS_IP)) continue;
      at(2);
    }
  }
  if (needs.has('virtualNetworkLinks') && collector === 'per-subscription') {
    at(2, tenant.resources.filter((r) => typeOf(r) === 'microsoft.network/privatednszones' && /^privatelink\./i.test(String(r.name))).length);
  }
  if (needs.has('firewallPolicyRuleCollectionGroups')) {
    const inUse = new Set(
      tenant.resources
        .filter((r) => typeOf(r) === 'microsoft.network/azurefirewalls')
        .map((f) => String(((f.properties ?? {}) as any).firewallPolicy?.id ?? '').toLowerCase())
        .filter(Boolean),
    );
    at(2, inUse.size);
  }
  return { requests, depth: Math.max(depth, listDepth + 1), levels: Array.from(levels, (n) => n ?? 0) };
}

/** The A records the tenant's zone groups write (what Resource Graph's dnsresources holds for it). */
function aRecordCount(tenant: SyntheticTenant): number {
  const byId = new Map(tenant.resources.map((r) => [r.id.toLowerCase(), r]));
  const records = new Set<string>();
  for (const g of tenant.resources.filter((r) => typeOf(r) === 'microsoft.network/privateendpoints/privatednszonegroups')) {
    const pe = byId.get(g.id.split('/').slice(0, -2).join('/').toLowerCase());
    for (const zc of ((g.properties ?? {}) as any).privateDnsZoneConfigs ?? []) {
      for (const c of ((pe?.properties ?? {}) as any).customDnsConfigs ?? [])
        records.add(`${String(zc?.properties?.privateDnsZoneId).toLowerCase()}/${String(c?.fqdn ?? '').split('.')[0]}`);
    }
  }
  return records.size;
}

/**
 * A tighter lower bound than issue 5's latency x max(depth, requests / concurrency), and still one
 * no collector can beat: requests are indivisible round trips of `latencyMs`, so `n` of them through
 * `concurrency` slots take ceil(n / concurrency) rounds, not n / concurrency; and requests that need
 * k answers before them cannot start before k rounds have passed. So for every k, the wall time is
 * at least k rounds plus ceil(requests above level k / concurrency) rounds.
 */
export function roundsBound(levels: number[], concurrency: number, latencyMs: number): number {
  let rounds = 0;
  for (let k = 0; k < levels.length; k++) {
    const after = levels.slice(k + 1).reduce((a, b) => a + b, 0);
    if (after > 0) rounds = Math.max(rounds, k + Math.ceil(after / concurrency));
  }
  return rounds * latencyMs;
}

interface CollectFigures {
  wallMs: number;
  clientRequests: number;
  tokenFetches: number;
  resources: number;
  gaps: number;
  maxRssMiB: number;
}

function runChild(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(script)} exited with ${code}`))));
  });
}

const fmt = (n: number, d = 0) => n.toFixed(d);

async function benchCollection(
  name: string,
  tenant: SyntheticTenant,
  dir: string,
  cert: ReturnType<typeof makeSelfSignedCert>,
  concurrencies: number[],
): Promise<string[]> {
  const lines: string[] = [];
  const needs = kindsNeededBy(RULES.filter(isEnabledByDefault));
  for (const collector of ['per-subscription', 'resource-graph'] as const) {
    for (const concurrency of concurrencies) {
      const fake = await startFakeArm({ tenant, cert: cert.cert, key: cert.key, latencyMs: LATENCY_MS, pageSize: PAGE_SIZE });
      try {
        const env = cliEnvFor(fake, cert.certPath, {
          BENCH_COLLECTOR: collector,
          BENCH_CONCURRENCY: String(concurrency),
          BENCH_ENDPOINT: fake.url,
          BENCH_SUBSCRIPTIONS: tenant.subscriptions.map((s) => s.subscriptionId).join(','),
        });
        const out = await runChild(path.join(__dirname, 'collect-run.js'), [], env);
        const f = JSON.parse(out) as CollectFigures;
        const min = minimumFor(tenant, collector, needs);
        const sent = fake.requests.length;
        const bound = LATENCY_MS * Math.max(min.depth, min.requests / concurrency);
        const rounds = roundsBound(min.levels, concurrency, LATENCY_MS);
        lines.push(
          `| ${name} | ${collector} | ${concurrency} | ${sent} | ${min.requests} | ${fmt((sent / min.requests - 1) * 100, 1)}% | ${fmt(f.wallMs)} | ${fmt(bound)} | ${fmt(f.wallMs / bound, 2)}x | ${fmt(rounds)} | ${fmt(f.wallMs / rounds, 2)}x | ${fmt(f.maxRssMiB)} | ${f.resources} | ${f.gaps} |`,
        );
        process.stderr.write(`bench: ${lines[lines.length - 1]}\n`);
      } finally {
        await fake.close();
      }
    }
  }
  void dir;
  return lines;
}

/**
 * Collection under Resource Manager's read throttling: a token bucket per subscription. No client
 * can read a subscription faster than its bucket allows, so the bound is the busiest
 * subscription's reads beyond the burst divided by the refill rate.
 */
export async function benchThrottled(
  name: string,
  tenant: SyntheticTenant,
  cert: ReturnType<typeof makeSelfSignedCert>,
  bucket: { burst: number; refillPerSecond: number },
): Promise<string> {
  const fake = await startFakeArm({ tenant, cert: cert.cert, key: cert.key, latencyMs: LATENCY_MS, pageSize: PAGE_SIZE, readBucket: bucket });
  try {
    const env = cliEnvFor(fake, cert.certPath, {
      BENCH_COLLECTOR: 'per-subscription',
      BENCH_CONCURRENCY: String(DEFAULT_CONCURRENCY),
      BENCH_ENDPOINT: fake.url,
      BENCH_SUBSCRIPTIONS: tenant.subscriptions.map((s) => s.subscriptionId).join(','),
    });
    const f = JSON.parse(await runChild(path.join(__dirname, 'collect-run.js'), [], env)) as CollectFigures;
    const served = new Map<string, number>();
    for (const q of fake.requests) {
      if (q.status === 429) continue;
      const sub = /^\/subscriptions\/([^/]+)/i.exec(q.path)?.[1]?.toLowerCase() ?? 'tenant';
      served.set(sub, (served.get(sub) ?? 0) + 1);
    }
    const throttled = fake.requests.filter((q) => q.status === 429).length;
    const busiest = Math.max(...served.values());
    const bound = (Math.max(0, busiest - bucket.burst) / bucket.refillPerSecond) * 1000;
    const line = `| ${name} | ${bucket.burst} + ${bucket.refillPerSecond}/s | ${fake.requests.length} | ${throttled} | ${busiest} | ${fmt(f.wallMs)} | ${fmt(bound)} | ${fmt(f.wallMs / bound, 2)}x | ${f.resources} | ${f.gaps} |`;
    process.stderr.write(`bench: ${line}\n`);
    return line;
  } finally {
    await fake.close();
  }
}

/** A synthetic tenant of `workspaces` workspaces (50 a subscription) written as a snapshot, for the engine and report rows. */
function writeSyntheticSnapshot(file: string, workspaces: number, seed: string): string {
  const tenant = syntheticTenant({ subscriptions: Math.max(1, Math.round(workspaces / 50)), workspaces, seed });
  fs.writeFileSync(
    file,
    JSON.stringify({
      schemaVersion: 1,
      cloud: 'AzureCloud',
      scope: { subscriptions: tenant.subscriptions.map((s) => s.subscriptionId) },
      resources: tenant.resources,
      gaps: [],
    }),
  );
  return file;
}

/** Runs one of the bench's measuring scripts in a process of its own (a clean heap) and returns the JSON line it prints. */
function runBenchChild(script: string, file: string, nodeFlags: string[] = []): any {
  const r = spawnSync(process.execPath, [...nodeFlags, path.join(__dirname, script), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function benchEngine(dir: string, sizes: number[]): string[] {
  const lines: string[] = [];
  for (const ws of sizes) {
    const file = writeSyntheticSnapshot(path.join(dir, `snapshot-${ws}.json`), ws, 'engine');
    const f = runBenchChild('engine-run.js', file, ['--expose-gc']);
    lines.push(
      `| ${f.resources} | ${fmt(f.snapshotMiB, 1)} | ${fmt(f.parseMs)} | ${fmt(f.buildMs)} | ${fmt(f.evalMs)} | ${fmt((f.buildMs + f.evalMs) / f.parseMs, 2)}x | ${fmt(f.evalMs / f.parseMs, 2)}x | ${fmt(f.retainedMiB)} | ${fmt(f.retainedMiB / f.snapshotMiB, 2)}x | ${fmt(f.maxRssMiB)} | ${f.findings} |`,
    );
    process.stderr.write(`bench: ${lines[lines.length - 1]}\n`);
  }
  return lines;
}

/** The reports of one large snapshot: the HTML report (a diagram per workspace) against the JSON report of the same findings. */
function benchReports(dir: string, workspaces: number): string[] {
  const file = writeSyntheticSnapshot(path.join(dir, `report-snapshot-${workspaces}.json`), workspaces, 'reports');
  const f = runBenchChild('report-run.js', file);
  const line = `| ${f.workspaces} | ${f.resources} | ${f.findings} | ${fmt(f.ms.json)} | ${fmt(f.ms.sarif)} | ${fmt(f.ms.markdown)} | ${fmt(f.ms.html)} | ${fmt(f.ms.html / f.ms.json, 1)}x | ${fmt(f.cpuMs.json)} / ${fmt(f.cpuMs.html)} | ${fmt(f.cpuMs.html / f.cpuMs.json, 1)}x | ${fmt(f.bytes.html / 2 ** 20, 1)} |`;
  process.stderr.write(`bench: ${line}\n`);
  return [line];
}

/**
 * The largest template the machine has: Microsoft's biggest quickstart in ../shared when it is
 * beside the repository (machine-learning-end-to-end-secure), else the demo's pull-request example.
 */
function benchTemplate(): string[] {
  const shared = path.join(__dirname, '..', '..', '..', 'shared', 'iac-examples', 'arm', 'machine-learning-end-to-end-secure');
  const [template, parameters] = fs.existsSync(shared)
    ? [path.join(shared, 'azuredeploy.json'), path.join(shared, 'azuredeploy.parameters.json')]
    : [path.join(__dirname, '..', '..', 'examples', 'pr', 'vision-dev.json'), ''];
  const r = spawnSync(process.execPath, [path.join(__dirname, 'template-run.js'), template, parameters], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`template-run failed: ${r.stderr}`);
  const f = JSON.parse(r.stdout);
  // The whole command as a pull-request gate runs it: node start, modules, expand, audit, report.
  const t0 = performance.now();
  const cli = spawnSync(
    process.execPath,
    [
      path.join(__dirname, '..', '..', 'bin', 'amlnet.js'),
      'audit',
      '--template',
      template,
      ...(parameters ? ['--parameters', parameters] : []),
      '--format',
      'json',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  const cliMs = performance.now() - t0;
  if (cli.status !== 0 && cli.status !== 1) throw new Error(`amlnet audit --template failed: ${cli.stderr}`);
  const line = `| ${path.basename(path.dirname(template))}/${path.basename(template)} | ${fs.statSync(template).size.toLocaleString('en-US')} | ${f.resources} | ${fmt(f.expandFirstMs)} / ${fmt(f.expandBestMs)} | ${fmt(f.auditFirstMs)} / ${fmt(f.auditBestMs)} | ${fmt(f.cpuFirstMs)} / ${fmt(f.cpuBestMs)} | ${f.findings} | ${fmt(cliMs)} |`;
  process.stderr.write(`bench: ${line}\n`);
  return [line];
}

export async function main(argv: string[]): Promise<void> {
  const sweep = argv.includes('--sweep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-bench-'));
  try {
    const cert = makeSelfSignedCert(dir);
    const out: string[] = [];
    out.push(
      `amlnet bench: node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? '?'}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB; latency ${LATENCY_MS} ms, ARM page ${PAGE_SIZE}, Resource Graph page ${RESOURCE_GRAPH_PAGE_SIZE}`,
      '',
    );
    out.push(
      '| tenant | collector | concurrency | requests sent | minimum | over | wall ms | bound (issue 5) ms | wall / bound | whole-rounds bound ms | wall / rounds bound | peak RSS MiB | resources | gaps |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    const small = syntheticTenant({ subscriptions: 1, workspaces: 10, seed: 'small' });
    const large = syntheticTenant({ subscriptions: 20, workspaces: 1000, seed: 'large' });
    process.stderr.write(`bench: small ${small.resources.length} resources, large ${large.resources.length} resources\n`);
    out.push(...(await benchCollection(`small (1 sub, 10 ws, ${small.resources.length} res)`, small, dir, cert, [DEFAULT_CONCURRENCY])));
    const largeRows = await benchCollection(
      `large (20 subs, 1000 ws, ${large.resources.length} res)`,
      large,
      dir,
      cert,
      sweep ? [4, 8, 16, 32, 64] : [DEFAULT_CONCURRENCY],
    );
    out.push(...largeRows);
    const sentBy = (collector: string) => Number(largeRows.find((l) => l.includes(`| ${collector} | ${DEFAULT_CONCURRENCY} |`))?.split('|')[4]);
    out.push('', `Resource Graph / per-subscription requests (large tenant): ${fmt(sentBy('resource-graph') / sentBy('per-subscription'), 2)}`);
    out.push(
      '',
      '| tenant (per-subscription collector) | bucket per subscription | requests sent | 429s | reads of the busiest subscription | wall ms | bucket bound ms | wall / bound | resources | gaps |',
      '|---|---|---|---|---|---|---|---|---|---|',
    );
    out.push(await benchThrottled(`small (1 sub, 10 ws, ${small.resources.length} res)`, small, cert, { burst: 10, refillPerSecond: 5 }));
    const medium = syntheticTenant({ subscriptions: 5, workspaces: 100, seed: 'medium' });
    out.push(await benchThrottled(`medium (5 subs, 100 ws, ${medium.resources.length} res)`, medium, cert, { burst: 10, refillPerSecond: 5 }));
    out.push(
      '',
      '| resources | snapshot MiB | JSON.parse ms | buildModel ms | evaluate ms | (build+evaluate) / parse | evaluate / parse | model retained MiB | retained / snapshot | peak RSS MiB | findings |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    out.push(...benchEngine(dir, [1750, 3500]));
    out.push(
      '',
      '| workspaces | resources | findings | JSON report ms | SARIF ms | Markdown ms | HTML report ms | HTML / JSON | CPU ms, JSON / HTML | HTML / JSON (CPU) | HTML MiB |',
      '|---|---|---|---|---|---|---|---|---|---|---|',
    );
    out.push(...benchReports(dir, 600), ...benchReports(dir, 4000));
    out.push(
      '',
      '| template | bytes | planned resources | expand ms (first / best) | overlay + rules ms (first / best) | CPU ms, both (first / best) | findings | `amlnet audit --template` wall ms |',
      '|---|---|---|---|---|---|---|---|',
    );
    out.push(...benchTemplate());
    process.stdout.write(out.join('\n') + '\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`bench: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 1;
  });
