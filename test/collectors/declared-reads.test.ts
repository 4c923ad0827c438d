/**
 * Collection declared by the rules: a child read no selected rule wants under a parent is not
 * sent, the snapshot records it as skipped, and a rule that does want it later gets a gap there
 * (never a silent pass). Run against the fake Resource Manager through the CLI.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TenantBuilder } from '../../src/fixtures/builder';
import { buildModel } from '../../src/model/build';
import type { Inventory } from '../../src/model/inventory';
import { RULES } from '../../src/rules';
import { evaluate } from '../../src/rules/engine';
import { defineRule } from '../../src/rules/types';
import { startHarness, type Harness } from './harness';

const SUB = '00000000-0000-0000-0000-0000000000d1';

function tenant(storageRestricted: boolean) {
  const t = new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-data', location: 'westeurope' });
  const st = t.storage(
    'stopen',
    storageRestricted ? { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' } : { publicNetworkAccess: 'Enabled', defaultAction: 'Allow' },
  );
  const kv = t.keyVault('kv-data');
  const a = t.workspace('ws-a', { storage: st, keyVault: kv });
  const b = t.workspace('ws-b', { storage: st, keyVault: kv });
  t.datastore(a, 'workspaceblobstore', { accountName: 'stopen', isDefault: true });
  t.datastore(b, 'workspaceblobstore', { accountName: 'stopen', isDefault: true });
  return { t, a, b };
}

/** A rule that reads every datastore, as a new rule might. */
const readsAllDatastores = defineRule({
  meta: { ...RULES[0].meta, id: 'AMLNET998', name: 'reads-all-datastores', requires: ['workspaces', 'datastores'], reads: undefined },
  check: (model) => model.workspaces.flatMap((w) => w.datastores.map((d) => ({ resourceId: d.id, message: 'seen', evidence: [] }))),
});

describe('declared child reads', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('next to open storage no datastore is read; the snapshot says so; a rule that wants them gets a gap, not a pass', async () => {
    const { t, a, b } = tenant(false);
    h = await startHarness({ tenant: t.tenant() });
    const snap = path.join(h.dir, 'snap.json');
    const run = await h.run(['--subscription', SUB, '--format', 'json', '--save-snapshot', snap]);
    expect(run.code).toBe(0);
    expect(h.fake.requests.filter((r) => /\/datastores$/i.test(r.path))).toEqual([]);
    const inv = JSON.parse(fs.readFileSync(snap, 'utf8')) as Inventory;
    expect(inv.collected).toContain('datastores');
    // Left out for both workspaces, by the conditions of AMLNET301/302/303 (303: labeling jobs) and 502 (V1 managed networks).
    expect(inv.skipped?.filter((x) => x.kind === 'datastores')).toEqual([
      { kind: 'datastores', scope: a },
      { kind: 'datastores', scope: b },
    ]);
    expect([...new Set(inv.skipped?.map((x) => x.kind))].sort()).toEqual(['datastores', 'labelingJobs', 'managedNetworks']);
    expect(inv.resources.filter((r) => /\/datastores\//i.test(r.id))).toEqual([]);
    // The rules it was taken for have no gap: none of them wants a datastore next to open storage.
    const model = buildModel(inv);
    expect(evaluate(model, RULES).gaps).toEqual([]);
    // A rule that reads every datastore is not evaluated for either workspace.
    const { findings, gaps } = evaluate(model, [readsAllDatastores], { enabled: new Set(['AMLNET998']) });
    expect(findings).toEqual([]);
    expect(gaps).toEqual([
      { ruleId: 'AMLNET998', reason: 'not evaluated for workspace ws-a, ws-b: could not read datastores', workspaceIds: [a, b] },
    ]);
  });

  it("next to restricted storage every workspace's datastores are read and nothing is skipped", async () => {
    const { t, a, b } = tenant(true);
    h = await startHarness({ tenant: t.tenant() });
    const snap = path.join(h.dir, 'snap.json');
    await h.run(['--subscription', SUB, '--format', 'json', '--save-snapshot', snap]);
    expect(
      h.fake.requests
        .filter((r) => /\/datastores$/i.test(r.path))
        .map((r) => r.path.toLowerCase())
        .sort(),
    ).toEqual([`${a}/datastores`, `${b}/datastores`].map((x) => x.toLowerCase()).sort());
    const inv = JSON.parse(fs.readFileSync(snap, 'utf8')) as Inventory;
    expect(inv.skipped?.filter((x) => x.kind === 'datastores')).toEqual([]);
    expect(evaluate(buildModel(inv), [readsAllDatastores], { enabled: new Set(['AMLNET998']) }).findings).toHaveLength(2);
  });
});
