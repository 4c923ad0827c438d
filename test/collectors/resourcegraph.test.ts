/**
 * The Resource Graph collector (--all-subscriptions, --management-group) against the
 * per-subscription collector on the same tenant: the same model and the same findings, with
 * fewer requests, one `az` run per scan, and only the POST that Resource Graph needs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../src/rules';
import { buildModel } from '../../src/model/build';
import type { Inventory } from '../../src/model/inventory';
import type { Model } from '../../src/model/model';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { syntheticTenant } from '../../src/fixtures/scale';
import { findingsOf, startHarness, type Harness } from './harness';

/**
 * The whole model, in a form `toEqual` can compare: every field the model holds (entities, indexes,
 * what was collected) but the raw payloads, arrays of entities sorted by id, Maps and Sets as sorted entries, and an
 * entity met again (a join back to its parent) as its id, so the comparison sees every value once.
 */
function canonicalModel(m: Model): unknown {
  const byId = (a: any, b: any) => (String(a?.id ?? JSON.stringify(a)) < String(b?.id ?? JSON.stringify(b)) ? -1 : 1);
  const seen = new Set<object>();
  const canon = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    if (seen.has(v)) return { $ref: (v as any).id ?? '(cycle)' };
    seen.add(v);
    try {
      if (v instanceof Map)
        return [...v.entries()].map(([k, x]) => [canon(k), canon(x)]).sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
      if (v instanceof Set) return [...v].map(canon).sort(byId);
      if (Array.isArray(v)) {
        const items = v.map(canon);
        return items.every((x) => x && typeof x === 'object' && typeof (x as any).id === 'string') ? items.sort(byId) : items;
      }
      const out: Record<string, unknown> = {};
      // `raw` is the ARM payload as received (Resource Graph rows spell types in lower case and add null sku/identity); the model is what rules read.
      for (const k of Object.keys(v).sort()) if (k !== 'raw') out[k] = canon((v as any)[k]);
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return canon(m);
}

function snapshotModel(file: string): Model {
  return buildModel(JSON.parse(fs.readFileSync(file, 'utf8')) as Inventory);
}

describe('Resource Graph collector', () => {
  describe('demo tenant', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ tenant: demoTenant(), pageSize: 50 });
    });
    afterAll(async () => {
      await h?.close();
    });

    test('--all-subscriptions gives the model and findings of --subscription, with fewer requests and one az run each', async () => {
      const azLog = path.join(h.dir, 'az.log');
      const perSub = await h.run(['-q', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json', '--save-snapshot', path.join(h.dir, 'a.json')], {
        AMLNET_FAKE_AZ_LOG: azLog,
      });
      const perSubRequests = h.fake.requests.splice(0);
      expect(fs.readFileSync(azLog, 'utf8').trim().split('\n')).toHaveLength(1);
      fs.rmSync(azLog);
      const graph = await h.run(['-q', '--all-subscriptions', '--format', 'json', '--save-snapshot', path.join(h.dir, 'b.json')], {
        AMLNET_FAKE_AZ_LOG: azLog,
      });
      const graphRequests = h.fake.requests.splice(0);
      expect(fs.readFileSync(azLog, 'utf8').trim().split('\n')).toHaveLength(1);

      expect(perSub.stderr).toBe('');
      expect(graph.stderr).toBe('');
      expect([perSub.code, graph.code]).toEqual([1, 1]);
      const a = JSON.parse(perSub.stdout);
      const b = JSON.parse(graph.stdout);
      expect(a.findings.length).toBeGreaterThan(5);
      expect(b.findings).toEqual(a.findings);
      expect(b.workspaces).toEqual(a.workspaces);
      expect(b.scope.subscriptions).toEqual([DEMO_SUBSCRIPTION]);
      expect(canonicalModel(snapshotModel(path.join(h.dir, 'b.json')))).toEqual(canonicalModel(snapshotModel(path.join(h.dir, 'a.json'))));

      // Read-only: GETs, plus exactly the Resource Graph POST.
      for (const r of [...perSubRequests, ...graphRequests]) {
        expect(r.method === 'GET' || (r.method === 'POST' && /^\/providers\/Microsoft\.ResourceGraph\/resources$/i.test(r.path))).toBe(true);
      }
      expect(perSubRequests.filter((r) => r.method === 'POST')).toHaveLength(0);
      // One query per table (resources, authorizationresources, dnsresources) and resourcecontainers for the management-group ancestry.
      expect(graphRequests.filter((r) => r.method === 'POST').length).toBeLessThanOrEqual(4);
      expect(graphRequests.length).toBeLessThan(perSubRequests.length);
    });

    test('collection fetches nothing the enabled rules do not read', async () => {
      // Only AMLNET004 on: no NSG, route table, DNS, role assignment, endpoint or Insights lists.
      const config = path.join(h.dir, '.amlnet.json');
      const off = Object.fromEntries(RULES.filter((r) => !['AMLNET004', 'AMLNET900'].includes(r.meta.id)).map((r) => [r.meta.id, 'off']));
      fs.writeFileSync(config, JSON.stringify({ rules: off }));
      h.fake.requests.splice(0);
      const r = await h.run(['-q', '--subscription', DEMO_SUBSCRIPTION, '--format', 'json', '--config', config]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AMLNET004']);
      const paths = h.fake.requests.splice(0).map((q) => q.path);
      expect(
        paths.filter((p) =>
          /networkSecurityGroups|routeTables|privateDnsZones|roleAssignments|onlineEndpoints|Insights|datastores|labelingJobs/i.test(p),
        ),
      ).toEqual([]);
      expect(paths.some((p) => /storageAccounts$/i.test(p))).toBe(true);
    });
  });

  describe('twenty workspaces over three subscriptions in a management group', () => {
    const tenant = syntheticTenant({ subscriptions: 3, workspaces: 20, seed: 'rg-test' });
    const subs = tenant.subscriptions.map((s) => s.subscriptionId);
    // A fourth subscription outside the management group must not be scanned.
    const outside = syntheticTenant({ subscriptions: 1, workspaces: 2, seed: 'outside' });
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({
        tenant: {
          subscriptions: [...tenant.subscriptions, ...outside.subscriptions],
          resources: [...tenant.resources, ...outside.resources],
          managementGroups: { 'mg-ml': subs },
        },
        pageSize: 7,
        graphPageSize: 25,
      });
    });
    afterAll(async () => {
      await h?.close();
    });

    test('--management-group gives the model and findings of --subscription for its subscriptions, paging through $skipToken', async () => {
      const perSub = await h.run([
        '-q',
        ...subs.flatMap((s) => ['--subscription', s]),
        '--format',
        'json',
        '--save-snapshot',
        path.join(h.dir, 'a.json'),
      ]);
      h.fake.requests.length = 0;
      const graph = await h.run(['-q', '--management-group', 'mg-ml', '--format', 'json', '--save-snapshot', path.join(h.dir, 'b.json')]);
      expect(graph.stderr).toBe('');
      expect(findingsOf(graph)).toEqual(findingsOf(perSub));
      expect(findingsOf(graph).some((f) => f.ruleId === 'AMLNET203')).toBe(true);
      expect(JSON.parse(graph.stdout).workspaces).toHaveLength(20);
      expect([...JSON.parse(graph.stdout).scope.subscriptions].sort()).toEqual([...subs].map((s) => s.toLowerCase()).sort());
      expect(canonicalModel(snapshotModel(path.join(h.dir, 'b.json')))).toEqual(canonicalModel(snapshotModel(path.join(h.dir, 'a.json'))));
      expect(h.fake.requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(5);
      expect(h.fake.requests.some((r) => r.path.includes(outside.subscriptions[0].subscriptionId))).toBe(false);
    });

    test('an unknown management group is a usage error, not a crash', async () => {
      const r = await h.run(['--management-group', 'mg-nope']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^amlnet: error: could not list the subscriptions in scope/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });

    test('--subscription with --all-subscriptions is refused', async () => {
      const r = await h.run(['--all-subscriptions', '--subscription', subs[0]]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('cannot be combined');
    });
  });
});

describe('Resource Graph for all it holds', () => {
  test("five subscriptions: --all-subscriptions sends at most half the per-subscription crawl's requests, with the same model and findings", async () => {
    const tenant = syntheticTenant({ subscriptions: 5, workspaces: 40, seed: 'graph-ratio' });
    const subs = tenant.subscriptions.map((s) => s.subscriptionId);
    const h = await startHarness({ tenant, pageSize: 100 });
    try {
      const perSub = await h.run(
        ['-q', ...subs.flatMap((s) => ['--subscription', s]), '--format', 'json', '--save-snapshot', path.join(h.dir, 'a.json')],
        {},
        120_000,
      );
      const crawl = h.fake.requests.splice(0);
      const graph = await h.run(['-q', '--all-subscriptions', '--format', 'json', '--save-snapshot', path.join(h.dir, 'b.json')], {}, 120_000);
      const queried = h.fake.requests.splice(0);
      expect(graph.stderr).toBe('');
      expect(graph.code).toBe(perSub.code);
      expect(JSON.parse(graph.stdout).findings).toEqual(JSON.parse(perSub.stdout).findings);
      expect(JSON.parse(graph.stdout).workspaces).toEqual(JSON.parse(perSub.stdout).workspaces);
      expect(findingsOf(graph).some((f) => f.ruleId === 'AMLNET401')).toBe(true);
      expect(findingsOf(graph).some((f) => f.ruleId === 'AMLNET202')).toBe(true);
      expect(canonicalModel(snapshotModel(path.join(h.dir, 'b.json')))).toEqual(canonicalModel(snapshotModel(path.join(h.dir, 'a.json'))));
      // Online endpoints, deployments and zone groups are not read per parent any more.
      expect(queried.filter((q) => /onlineEndpoints|privateDnsZoneGroups/i.test(q.path))).toEqual([]);
      expect(queried.length).toBeLessThanOrEqual(crawl.length / 2);
    } finally {
      await h.close();
    }
  }, 300_000);

  test('role assignments at a management group above the scanned subscriptions count, through Resource Graph as through the lists; one at an unrelated group does not', async () => {
    const base = syntheticTenant({ subscriptions: 3, workspaces: 9, seed: 'mg-roles' });
    const subs = base.subscriptions.map((s) => s.subscriptionId);
    const probe = await startHarness({ tenant: base, pageSize: 50 });
    let principals: string[];
    try {
      const r = await probe.run(subs.flatMap((s) => ['--subscription', s]).concat(['--format', 'json', '-q']));
      principals = [
        ...new Set(
          findingsOf(r)
            .filter((f) => f.ruleId === 'AMLNET302')
            .map((f) => /managed identity \(([0-9a-f-]{36})\)/.exec(f.message)?.[1] as string),
        ),
      ];
    } finally {
      await probe.close();
    }
    expect(principals.length).toBeGreaterThan(1);
    const [unrelated, ...granted] = principals;
    const assignment = (mg: string, principalId: string, role: string) => {
      const scope = `/providers/Microsoft.Management/managementGroups/${mg}`;
      const name = `${principalId.slice(0, 24)}${role.slice(24)}`;
      return {
        id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
        name,
        type: 'Microsoft.Authorization/roleAssignments',
        properties: {
          scope,
          principalId,
          principalType: 'ServicePrincipal',
          roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${role}`,
        },
      };
    };
    const BLOB_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
    const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
    const tenant = {
      ...base,
      managementGroups: { 'mg-ml': subs, 'mg-other': [] },
      resources: [
        ...base.resources,
        ...granted.flatMap((p) => [assignment('mg-ml', p, BLOB_READER), assignment('mg-ml', p, READER)]),
        assignment('mg-other', unrelated, BLOB_READER),
        assignment('mg-other', unrelated, READER),
      ],
    };
    const h = await startHarness({ tenant, pageSize: 50 });
    try {
      const perSub = await h.run(subs.flatMap((s) => ['--subscription', s]).concat(['--format', 'json', '-q']));
      const with302 = (run: typeof perSub) => [
        ...new Set(
          findingsOf(run)
            .filter((f) => f.ruleId === 'AMLNET302')
            .map((f) => /managed identity \(([0-9a-f-]{36})\)/.exec(f.message)?.[1]),
        ),
      ];
      expect(with302(perSub)).toEqual([unrelated]);
      for (const args of [['--management-group', 'mg-ml'], ['--all-subscriptions']]) {
        const graph = await h.run([...args, '--format', 'json', '-q']);
        expect(graph.stderr).toBe('');
        expect(findingsOf(graph)).toEqual(findingsOf(perSub));
      }
    } finally {
      await h.close();
    }
  }, 300_000);
});
