/**
 * What Azure does to clients, done by the fake Resource Manager to the CLI (a subprocess, as in
 * scripts/demo.js): throttling, server errors, refusals, timeouts, endless paging, broken bodies
 * and payloads with nulls. Every time the scan finishes, names what it could not read (AMLNET900),
 * never hangs, never prints a stack trace, and the findings on what it could read are unchanged.
 * Retries are made fast with AMLNET_RETRY_DELAY_MS / AMLNET_MAX_RETRIES / AMLNET_REQUEST_TIMEOUT_MS.
 */
import { demoTenant, DEMO_SUBSCRIPTION } from '../src/fixtures/demo';
import { syntheticTenant } from '../src/fixtures/scale';
import type { Fault } from '../src/fakearm/server';
import { RULES } from '../src/rules';
import { startHarness, type CliRun, type Harness } from './collectors/harness';

interface Report {
  findings: { ruleId: string; severity: string; resourceId: string; workspaceId?: string; message: string }[];
  unevaluatedRules: { ruleId: string; reason: string; workspaceIds?: string[] }[];
  gaps: { kind: string; scope: string; status?: number; code?: string }[];
}

const SUB = DEMO_SUBSCRIPTION;
const key = (f: Report['findings'][number]) => `${f.ruleId} ${f.severity} ${f.resourceId} :: ${f.message}`;

function finished(r: CliRun): Report {
  expect(r.killed).toBe(false);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
  expect(r.stderr).not.toContain('internal error');
  expect([0, 1]).toContain(r.code);
  const report = JSON.parse(r.stdout);
  delete report.source; // collectedAt differs from run to run
  return report as Report;
}

/** The baseline's findings from the rules that still ran (AMLNET900 aside); a rule left out for
 *  some workspaces only keeps its findings on the others. */
function readablePart(baseline: Report, partial: Report): string[] {
  const skipped = new Map(partial.unevaluatedRules.map((u) => [u.ruleId, u.workspaceIds?.map((w) => w.toLowerCase())]));
  const readable = (f: Report['findings'][number]) => {
    if (f.ruleId === 'AMLNET900') return false;
    if (!skipped.has(f.ruleId)) return true;
    const only = skipped.get(f.ruleId);
    return !!only && !only.includes((f.workspaceId ?? '').toLowerCase());
  };
  return baseline.findings.filter(readable).map(key).sort();
}
function nonCollection(r: Report): string[] {
  return r.findings
    .filter((f) => f.ruleId !== 'AMLNET900')
    .map(key)
    .sort();
}
/** The rules enabled by default that read a kind of data. */
const rulesNeeding = (kind: string) =>
  RULES.filter((r) => !r.meta.disabledByDefault && (r.meta.requires as readonly string[]).includes(kind))
    .map((r) => r.meta.id)
    .sort();

describe('faults against the per-subscription collector (demo tenant)', () => {
  let h: Harness;
  let baseline: Report;
  const audit = (faults: Fault[], env: NodeJS.ProcessEnv = {}) => {
    h.fake.setFaults(faults);
    return h.run(['--subscription', SUB, '--format', 'json'], { AMLNET_MAX_RETRIES: '2', ...env });
  };

  beforeAll(async () => {
    h = await startHarness({ tenant: demoTenant(), pageSize: 50 });
    baseline = finished(await audit([]));
    expect(baseline.findings.some((f) => f.ruleId === 'AMLNET900')).toBe(false);
    expect(baseline.findings.length).toBeGreaterThan(5);
  });
  afterAll(async () => {
    await h?.close();
  });

  test('429 with Retry-After that clears: the same findings', async () => {
    const r = await audit([
      { method: 'GET', path: '/providers/Microsoft.Storage/storageAccounts$', status: 429, headers: { 'Retry-After': '1' }, times: 1 },
    ]);
    expect(finished(r)).toEqual(baseline);
    const lists = h.fake.requests.filter((q) => /storageAccounts$/i.test(q.path)).slice(-2);
    expect(lists.map((q) => q.status)).toEqual([429, 200]);
    expect(lists[1].at - lists[0].at).toBeGreaterThanOrEqual(900);
  });

  test('429 that never clears: AMLNET900 names the list, the rules that need it are not evaluated, the rest is unchanged', async () => {
    const r = finished(
      await audit([{ method: 'GET', path: '/providers/Microsoft.Network/virtualNetworks$', status: 429, headers: { 'Retry-After': '0' } }], {
        AMLNET_MAX_RETRIES: '1',
      }),
    );
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'virtualNetworks', status: 429 })]);
    expect(r.findings.find((f) => f.ruleId === 'AMLNET900')?.message).toContain('virtualNetworks');
    expect(r.unevaluatedRules.map((u) => u.ruleId).sort()).toEqual(rulesNeeding('virtualNetworks'));
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });

  test("503 once then fine: the same findings; 500 for good on one workspace's computes: AMLNET900", async () => {
    expect(finished(await audit([{ path: '/computes$', status: 503, times: 1 }]))).toEqual(baseline);
    const r = finished(await audit([{ path: '/workspaces/ws-forecast/computes$', status: 500 }]));
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'computes', status: 500, scope: expect.stringMatching(/ws-forecast$/i) })]);
    expect(r.findings.some((f) => f.ruleId === 'AMLNET900' && f.severity === 'high')).toBe(true);
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });

  test('403 on one resource type', async () => {
    const r = finished(await audit([{ path: '/providers/Microsoft.ContainerService/managedClusters$', status: 403 }]));
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'managedClusters', status: 403, code: 'AuthorizationFailed' })]);
    expect(r.unevaluatedRules.map((u) => u.ruleId)).toEqual(rulesNeeding('managedClusters'));
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });

  test('a timeout (the answer takes longer than AMLNET_REQUEST_TIMEOUT_MS) becomes a gap, quickly', async () => {
    // The answer would take 30 s, the deadline is 3 s: a run that ends well before 30 s did not wait (margins wide
    // enough for a loaded machine, where the CLI alone can take seconds to start).
    const r0 = await audit([{ path: '/workspaces/ws-sandbox/datastores$', status: 200, delayMs: 30_000, body: { value: [] } }], {
      AMLNET_REQUEST_TIMEOUT_MS: '3000',
      AMLNET_MAX_RETRIES: '1',
    });
    const r = finished(r0);
    expect(r0.ms).toBeLessThan(25_000);
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'datastores', scope: expect.stringMatching(/ws-sandbox$/i) })]);
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });

  test('a nextLink that loops stops paging and is reported; what was read is kept', async () => {
    const listPath = `/subscriptions/${SUB}/providers/Microsoft.Network/privateEndpoints`;
    const r = finished(
      await audit([
        { path: `${listPath}$`, status: 200, body: { value: [], nextLink: `${h.fake.url}${listPath}?api-version=2024-05-01&$skiptoken=1` } },
      ]),
    );
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'privateEndpoints', code: 'NextLinkLoop' })]);
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });

  test('a truncated body and a non-JSON body', async () => {
    const r = finished(
      await audit([
        { path: '/workspaces/ws-fraud-prod/datastores$', status: 200, rawBody: '{"value":[{"id":' },
        { path: '/providers/Microsoft.KeyVault/vaults$', status: 200, rawBody: '<html><body>502 Bad Gateway</body></html>' },
      ]),
    );
    expect(r.gaps.map((g) => g.kind).sort()).toEqual(['datastores', 'keyVaults']);
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
  });
});

describe('403 on one subscription of two', () => {
  const tenant = syntheticTenant({ subscriptions: 2, workspaces: 8, seed: 'faults' });
  const [a, b] = tenant.subscriptions.map((s) => s.subscriptionId);
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ tenant, pageSize: 50 });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the readable subscription is reported as if scanned alone, the other is AMLNET900', async () => {
    const alone = finished(await h.run(['--subscription', a, '--format', 'json']));
    h.fake.setFaults([{ path: `^/subscriptions/${b}(/|$)`, status: 403 }]);
    const r = finished(await h.run(['--subscription', a, '--subscription', b, '--format', 'json'], { AMLNET_MAX_RETRIES: '0' }));
    expect(new Set(r.gaps.map((g) => g.scope.split('/')[2]))).toEqual(new Set([b]));
    expect(r.findings.filter((f) => f.ruleId === 'AMLNET900').map((f) => f.resourceId)).toEqual([`/subscriptions/${b.toLowerCase()}`]);
    const inA = (x: Report) =>
      x.findings
        .filter((f) => f.ruleId !== 'AMLNET900' && f.resourceId.toLowerCase().includes(a.toLowerCase()))
        .map(key)
        .sort();
    const skipped = new Set(r.unevaluatedRules.map((u) => u.ruleId));
    expect(inA(r)).toEqual(inA(alone).filter((k) => !skipped.has(k.split(' ')[0])));
  });
});

describe('payloads with nulls and unknown fields', () => {
  test('the scan finishes and the untouched workspaces keep their findings', async () => {
    const clean = demoTenant();
    const broken = demoTenant();
    for (const r of broken.resources) {
      if (/ws-sandbox/i.test(r.id) && r.type === 'Microsoft.MachineLearningServices/workspaces') {
        r.properties = {
          ...r.properties,
          storageAccount: null,
          keyVault: { unexpected: true },
          privateEndpointConnections: null,
          managedNetwork: 'weird',
          futureField: [1, { a: null }],
        };
        r.identity = null;
        r.tags = null;
      }
      if (/vnet-data-platform$/i.test(r.id)) r.properties = { addressSpace: null, subnets: null, virtualNetworkPeerings: [null, 3, 'x'] };
      if (/nsg-ml-compute$/i.test(r.id)) r.properties = null;
      if (/pe-stforecast01-blob$/i.test(r.id)) r.properties = { ...r.properties, privateLinkServiceConnections: { not: 'an array' }, subnet: null };
    }
    const h1 = await startHarness({ tenant: clean });
    const h2 = await startHarness({ tenant: broken });
    try {
      const a = finished(await h1.run(['--subscription', SUB, '--format', 'json']));
      const b = finished(await h2.run(['--subscription', SUB, '--format', 'json']));
      const untouched = (x: Report) =>
        x.findings
          .filter((f) => /ws-(fraud-prod|vision-dev|genai)/i.test(f.resourceId))
          .map(key)
          .sort();
      expect(untouched(b)).toEqual(untouched(a));
    } finally {
      await h1.close();
      await h2.close();
    }
  });
});

describe('faults against the Resource Graph collector', () => {
  test('a 429 on the query clears, a query refused over the whole tenant is asked again naming the subscriptions: the same findings as without them', async () => {
    const h = await startHarness({ tenant: demoTenant() });
    try {
      const clean = finished(await h.run(['--all-subscriptions', '--format', 'json']));
      h.fake.setFaults([{ method: 'POST', path: 'Microsoft.ResourceGraph/resources$', status: 429, headers: { 'Retry-After': '1' }, times: 1 }]);
      const before = h.fake.requests.length;
      const r = finished(await h.run(['--all-subscriptions', '--format', 'json']));
      expect(r).toEqual(clean);
      // The throttled query is retried and succeeds; the run's other queries are unaffected.
      const posts = h.fake.requests
        .slice(before)
        .filter((q) => q.method === 'POST')
        .map((q) => q.status);
      expect(posts.filter((s) => s === 429)).toHaveLength(1);
      expect(posts.filter((s) => s === 200)).toHaveLength(posts.length - 1);
      expect(posts.length).toBe(h.fake.requests.slice(0, before).filter((q) => q.method === 'POST').length + 1);
      // Refused over the whole tenant (Resource Graph caps the subscriptions such a query may
      // cover): asked again naming the listed subscriptions, with the same result.
      h.fake.setFaults([
        {
          method: 'POST',
          path: 'Microsoft.ResourceGraph/resources$',
          requestBody: '^(?![\\s\\S]*"subscriptions")',
          status: 400,
          body: {
            error: {
              code: 'BadRequest',
              message: 'The query covers more subscriptions than allowed; set allowPartialScopes or name the subscriptions.',
            },
          },
        },
      ]);
      const start = h.fake.requests.length;
      expect(finished(await h.run(['--all-subscriptions', '--format', 'json']))).toEqual(clean);
      const queries = h.fake.requests.slice(start).filter((q) => q.method === 'POST');
      // Each scope-wide query (resources, authorizationresources, dnsresources, and resourcecontainers for the
      // management-group ancestry) refused once, then answered naming the subscriptions.
      expect(queries.map((q) => q.status).sort()).toEqual([200, 200, 200, 200, 400, 400, 400, 400]);
      h.fake.setFaults([{ method: 'POST', path: 'Microsoft.ResourceGraph/resources$', status: 500 }]);
      const broken = finished(await h.run(['--all-subscriptions', '--format', 'json'], { AMLNET_MAX_RETRIES: '1' }));
      expect(broken.findings.some((f) => f.ruleId === 'AMLNET900')).toBe(true);
    } finally {
      await h.close();
    }
  });
});

/**
 * Issue 11's bar: under Resource Manager's throttling (a token bucket per subscription, 10 reads of
 * burst refilled at 5 a second) and under a steady rain of faults (429 on every 4th request, 500 on
 * every 9th, two-item ARM pages), every collector on every tenant gives exactly the report and exit
 * code of the fault-free run: the same findings, workspace labels and gaps (none), only later.
 */
describe('throttling and transient faults change nothing but the time taken', () => {
  // Six workspaces a subscription: enough reads per subscription (even through Resource Graph) for a burst of 10 to run out.
  const multi = syntheticTenant({ subscriptions: 3, workspaces: 18, seed: 'throttle' });
  const multiSubs = multi.subscriptions.map((s) => s.subscriptionId);
  const tenants = [
    { name: 'demo tenant, --subscription', tenant: demoTenant(), args: ['--subscription', SUB] },
    {
      name: 'three subscriptions, --subscription x3',
      tenant: { ...multi, managementGroups: { 'mg-ml': multiSubs } },
      args: multiSubs.flatMap((s) => ['--subscription', s]),
    },
    {
      name: 'three subscriptions, --all-subscriptions',
      tenant: { ...multi, managementGroups: { 'mg-ml': multiSubs } },
      args: ['--all-subscriptions'],
    },
    {
      name: 'three subscriptions, --management-group',
      tenant: { ...multi, managementGroups: { 'mg-ml': multiSubs } },
      args: ['--management-group', 'mg-ml'],
    },
  ];
  const TIMEOUT = 240_000;
  const run = async (h: Harness, args: string[]) => {
    const r = await h.run([...args, '--format', 'json', '-q'], {}, TIMEOUT);
    return { code: r.code, report: finished(r), stderr: r.stderr };
  };

  test.each(tenants)(
    '$name under a token bucket of 10 reads refilled at 5 a second',
    async ({ tenant, args }) => {
      const clean = await startHarness({ tenant, pageSize: 50, graphPageSize: 20 });
      const throttled = await startHarness({
        tenant,
        pageSize: 50,
        graphPageSize: 20,
        readBucket: { burst: 10, refillPerSecond: 5 },
        graphQuota: { queries: 3, windowMs: 1000 },
      });
      try {
        const a = await run(clean, args);
        expect(a.report.gaps).toEqual([]);
        const b = await run(throttled, args);
        expect(b.stderr).toBe('');
        expect(b).toEqual(a);
        // The bucket did bite (the scan needs more reads than the burst), and reads were paced from its header:
        // far fewer 429s than reads beyond the burst.
        const reads = throttled.fake.requests.filter((q) => q.method === 'GET');
        const perSub = new Map<string, number>();
        for (const q of reads) perSub.set(q.path.split('/')[2] ?? '', (perSub.get(q.path.split('/')[2] ?? '') ?? 0) + 1);
        expect(Math.max(...perSub.values())).toBeGreaterThan(10);
        const throttledReads = reads.filter((q) => q.status === 429).length;
        const beyondBurst = [...perSub.values()].reduce((n, v) => n + Math.max(0, v - 10), 0);
        expect(throttledReads).toBeLessThan(beyondBurst);
      } finally {
        await clean.close();
        await throttled.close();
      }
    },
    2 * TIMEOUT,
  );

  test.each(tenants)(
    '$name with 429 on every 4th request, 500 on every 9th, two-item pages',
    async ({ tenant, args }) => {
      const h = await startHarness({ tenant, pageSize: 2, graphPageSize: 20 });
      try {
        const a = await run(h, args);
        expect(a.report.gaps).toEqual([]);
        h.fake.setFaults([
          { path: '.', status: 429, every: 4, headers: { 'Retry-After': '0' } },
          { path: '.', status: 500, every: 9 },
        ]);
        const before = h.fake.requests.length;
        const b = await run(h, args);
        expect(b.stderr).toBe('');
        expect(b).toEqual(a);
        const statuses = h.fake.requests.slice(before).map((q) => q.status);
        expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(5);
        expect(statuses.filter((s) => s === 500).length).toBeGreaterThan(2);
      } finally {
        await h.close();
      }
    },
    2 * TIMEOUT,
  );
});

describe('the retry budget (--max-wait)', () => {
  let h: Harness;
  let baseline: Report;
  beforeAll(async () => {
    h = await startHarness({ tenant: demoTenant(), pageSize: 50 });
    baseline = finished(await h.run(['--subscription', SUB, '--format', 'json']));
  });
  afterAll(async () => {
    await h?.close();
  });
  const vnets = '/providers/Microsoft.Network/virtualNetworks$';

  test.each([
    ['a day', '86400'],
    ['past 2^31 ms (which setTimeout would fire at once)', '2147484'],
  ])('a Retry-After of %s ends that read at once as a gap that says why, the rest unchanged', async (_label, retryAfter) => {
    h.fake.setFaults([{ method: 'GET', path: vnets, status: 429, headers: { 'Retry-After': retryAfter } }]);
    const before = h.fake.requests.length;
    const r0 = await h.run(['--subscription', SUB, '--format', 'json']);
    const r = finished(r0);
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'virtualNetworks', status: 429 })]);
    expect((r.gaps[0] as { message?: string }).message).toMatch(/longer than what is left of --max-wait/);
    expect(nonCollection(r)).toEqual(readablePart(baseline, r));
    // One attempt, no retry: not an immediate retry loop, not a sleep.
    expect(h.fake.requests.slice(before).filter((q) => /virtualNetworks$/i.test(q.path))).toHaveLength(1);
  });

  test('a 429 pauses every read to its subscription, not only the one that got it', async () => {
    // On a child list, when the connections are open: the reads started with it wait out the pause.
    h.fake.setFaults([{ method: 'GET', path: '/workspaces/ws-forecast/computes$', status: 429, headers: { 'Retry-After': '3' }, times: 1 }]);
    const before = h.fake.requests.length;
    expect(finished(await h.run(['--subscription', SUB, '--format', 'json']))).toEqual(baseline);
    const log = h.fake.requests.slice(before);
    const throttled = log.find((q) => q.status === 429) as (typeof log)[number];
    // Reads already on the wire when the 429 came back may land just after it; none is sent while the pause lasts.
    const during = log.filter((q) => q.path.toLowerCase().includes(SUB.toLowerCase()) && q.at > throttled.at + 1000 && q.at < throttled.at + 2900);
    expect(during).toEqual([]);
    const after = log.filter((q) => q.at >= throttled.at + 2900);
    expect(after.some((q) => /ws-forecast\/computes$/i.test(q.path))).toBe(true);
    expect(after.filter((q) => !/ws-forecast\/computes$/i.test(q.path)).length).toBeGreaterThan(0);
  });

  test('a failure that does not clear is retried until --max-wait is spent, then named; the SDK adds no retries of its own', async () => {
    h.fake.setFaults([{ path: '/workspaces/ws-forecast/computes$', status: 503 }]);
    let before = h.fake.requests.length;
    // A budget of 3 s against 50 ms first back-off: room for several attempts however loaded the machine is.
    const r0 = await h.run(['--subscription', SUB, '--format', 'json', '--max-wait', '3'], { AMLNET_RETRY_DELAY_MS: '50' });
    const r = finished(r0);
    expect(r.gaps).toEqual([expect.objectContaining({ kind: 'computes', status: 503, scope: expect.stringMatching(/ws-forecast$/i) })]);
    expect((r.gaps[0] as { message?: string }).message).toMatch(/still failing after \d+ attempt\(s\) over .* \(--max-wait 3 s\)/);
    const attempts = h.fake.requests.slice(before).filter((q) => /ws-forecast\/computes$/i.test(q.path));
    expect(attempts.length).toBeGreaterThan(2);
    expect(attempts[attempts.length - 1].at - attempts[0].at).toBeLessThan(3000);
    // --max-wait 0: one attempt only, so nothing under amlnet (the SDK's retry policy) retries either.
    before = h.fake.requests.length;
    finished(await h.run(['--subscription', SUB, '--format', 'json', '--max-wait', '0']));
    expect(h.fake.requests.slice(before).filter((q) => /ws-forecast\/computes$/i.test(q.path))).toHaveLength(1);
  });

  test('--max-wait that is not a duration: one line, exit 2', async () => {
    const r = await h.run(['--subscription', SUB, '--max-wait', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--max-wait/);
  });
});
