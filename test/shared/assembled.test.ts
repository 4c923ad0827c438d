/**
 * The extra suite: what ../shared/arm-examples/assembled (a tenant made only of published
 * payloads) means in the model. It runs when ../shared is beside the repository and says plainly
 * when it is not; the core suite covers the same shapes from test/fixtures/arm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildModel } from '../../src/model/build';
import type { Inventory } from '../../src/model/inventory';
import { firewallRulesOf } from '../../src/model/firewall';

const FILE = join(__dirname, '..', '..', '..', 'shared', 'arm-examples', 'assembled', 'real-examples-tenant.snapshot.json');
const here = existsSync(FILE);

(here ? describe : describe.skip)(
  `the assembled real-payload tenant${here ? '' : ' (skipped: ../shared/arm-examples is not beside the repository)'}`,
  () => {
    const model = () => buildModel(JSON.parse(readFileSync(FILE, 'utf8')) as Inventory);

    it('computes: the instance is public by its connectivity endpoints, the cluster by its setting, attached computes by none', () => {
      const ws = model().workspaces.find((w) => w.name === 'testworkspace')!;
      expect(Object.fromEntries(ws.computes.map((c) => [c.name, [c.computeType, c.publicIp]]))).toEqual({
        'cpu-cluster': ['AmlCompute', 'public'],
        'ci-dev': ['ComputeInstance', 'public'],
        'aks-attached': ['AKS', 'none'],
        'k8s-attached': ['Kubernetes', 'none'],
      });
    });

    it('DNS: an empty list is Azure DNS; a custom server next to 168.63.129.16 is custom DNS', () => {
      expect(Object.fromEntries(model().virtualNetworks.map((v) => [v.name, v.usesAzureDns]))).toEqual({
        vnet1: true,
        'vnet-A': false,
        'vnet-B': false,
      });
    });

    it('peering: vnet-A and vnet-B, Connected on both halves', () => {
      const m = model();
      const [a, b] = ['vnet-A', 'vnet-B'].map((n) => m.virtualNetworks.find((v) => v.name === n)!.id);
      expect(m.arePeered(a, b)).toBe(true);
    });

    it('the classic firewall: its private IP, and its application and network rules parsed once', () => {
      const m = model();
      const fw = m.azureFirewalls[0];
      expect(fw.privateIps).toEqual(['10.0.0.0']);
      const rules = firewallRulesOf(m, fw)!;
      expect(rules.application.map((r) => [r.path, r.action, r.targetFqdns])).toEqual([['apprulecoll/rule1', 'Deny', ['www.test.com']]]);
      expect(rules.network.length).toBeGreaterThan(0);
    });

    it('AI Foundry hubs: kind Hub, their managed networks V1 with the rules as a map', () => {
      const hubs = model().workspaces.filter((w) => w.workspaceKind === 'hub');
      expect(hubs.map((h) => [h.name, h.managedNetwork?.kind, h.managedNetwork?.isolationMode])).toEqual([
        ['aistudio01', 'v1', 'AllowInternetOutbound'],
        ['aistudio02', 'v1', 'AllowOnlyApprovedOutbound'],
      ]);
    });

    it('role assignments: the subscription-scope one with its tenant-rooted role definition', () => {
      expect(model().roleAssignments.map((r) => [r.scope, r.roleDefinitionGuid])).toEqual([
        ['/subscriptions/00000000-1111-2222-3333-444444444444', '0b5fe924-9a61-425c-96af-cfe6e287ca2d'],
      ]);
    });
  },
);
