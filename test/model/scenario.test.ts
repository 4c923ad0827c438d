/**
 * The seed article's scenario table (rules.md): five rows, the first that matches wins. Each case
 * starts from a tenant that sits squarely in one row and changes the one thing that moves it.
 */
import { buildModel } from '../../src/model/build';
import { TenantBuilder } from '../../src/fixtures/builder';
import type { Scenario } from '../../src/model/types';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

function scenarioOf(t: TenantBuilder, ws: string): Scenario {
  const model = buildModel(t.inventory());
  const w = model.get<Parameters<typeof model.scenarioOf>[0]>(ws);
  if (!w) throw new Error(`no workspace ${ws}`);
  return model.scenarioOf(w);
}

describe('scenario classification (the seed table, first match wins)', () => {
  describe('row 1: managed-vnet', () => {
    it.each(['AllowInternetOutbound', 'AllowOnlyApprovedOutbound', 'allowonlyapprovedoutbound'])('isolationMode %s', (mode) => {
      const s = publicWorkspace();
      props(s.t, s.ws).managedNetwork = { isolationMode: mode, outboundRules: {} };
      expect(scenarioOf(s.t, s.ws)).toBe('managed-vnet');
    });

    it('wins over the private-workspace row', () => {
      const s = privateWorkspace();
      props(s.t, s.ws).managedNetwork = { isolationMode: 'AllowOnlyApprovedOutbound', outboundRules: {} };
      expect(scenarioOf(s.t, s.ws)).toBe('managed-vnet');
    });

    it('does not apply to isolationMode Disabled', () => {
      const s = publicWorkspace();
      props(s.t, s.ws).managedNetwork = { isolationMode: 'Disabled', outboundRules: {} };
      expect(scenarioOf(s.t, s.ws)).toBe('no-vnet');
    });
  });

  describe('row 2: private-workspace', () => {
    it('Approved private endpoint, public access disabled, storage and key vault restricted', () => {
      const s = privateWorkspace();
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('counts a firewall (defaultAction Deny) with public access Enabled as restricted', () => {
      const s = privateWorkspace();
      props(s.t, s.storage).publicNetworkAccess = 'Enabled';
      props(s.t, s.keyVault).publicNetworkAccess = 'Enabled';
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('counts storage SecuredByPerimeter as restricted', () => {
      const s = privateWorkspace();
      props(s.t, s.storage).publicNetworkAccess = 'SecuredByPerimeter';
      props(s.t, s.storage).networkAcls.defaultAction = 'Allow';
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('resolves dependency references in any casing', () => {
      const s = privateWorkspace();
      props(s.t, s.ws).storageAccount = s.storage.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
      props(s.t, s.ws).keyVault = s.keyVault.toLowerCase();
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('does not need the registry to be restricted', () => {
      const s = privateWorkspace();
      props(s.t, s.registry).publicNetworkAccess = 'Enabled';
      props(s.t, s.registry).networkRuleSet.defaultAction = 'Allow';
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('treats publicNetworkAccess absent on a workspace with private endpoints as disabled', () => {
      const s = privateWorkspace();
      delete props(s.t, s.ws).publicNetworkAccess;
      expect(scenarioOf(s.t, s.ws)).toBe('private-workspace');
    });

    it('is mixed when the key vault accepts all networks', () => {
      const s = privateWorkspace();
      props(s.t, s.keyVault).publicNetworkAccess = 'Enabled';
      props(s.t, s.keyVault).networkAcls.defaultAction = 'Allow';
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });

    it('is mixed when the workspace private endpoint is only Pending', () => {
      const s = privateWorkspace();
      props(s.t, s.ws).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });
  });

  describe('row 3: public-workspace-private-resources', () => {
    it('public access Enabled on a private-endpoint workspace with restricted storage', () => {
      const s = privateWorkspace();
      props(s.t, s.ws).publicNetworkAccess = 'Enabled';
      expect(scenarioOf(s.t, s.ws)).toBe('public-workspace-private-resources');
    });

    it('allowPublicAccessWhenBehindVnet true counts as public access', () => {
      const s = privateWorkspace();
      props(s.t, s.ws).allowPublicAccessWhenBehindVnet = true;
      expect(scenarioOf(s.t, s.ws)).toBe('public-workspace-private-resources');
    });

    it('publicNetworkAccess absent on a workspace without private endpoints counts as public access', () => {
      const s = publicWorkspace({ publicNetworkAccess: null });
      props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
      expect(scenarioOf(s.t, s.ws)).toBe('public-workspace-private-resources');
    });

    it('needs the storage account, not just the key vault, to be restricted', () => {
      const s = publicWorkspace();
      props(s.t, s.keyVault).networkAcls.defaultAction = 'Deny';
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });
  });

  describe('row 4: no-vnet', () => {
    it('public access, no private endpoint, nothing restricted, no compute in a subnet', () => {
      const s = publicWorkspace();
      expect(scenarioOf(s.t, s.ws)).toBe('no-vnet');
    });

    it('publicNetworkAccess absent on a workspace without private endpoints (older workspaces)', () => {
      const s = publicWorkspace({ publicNetworkAccess: null });
      expect(scenarioOf(s.t, s.ws)).toBe('no-vnet');
    });

    it('holds with no container registry yet', () => {
      const s = publicWorkspace();
      delete props(s.t, s.ws).containerRegistry;
      expect(scenarioOf(s.t, s.ws)).toBe('no-vnet');
    });
  });

  describe('row 5: mixed', () => {
    it('public workspace with a restricted registry', () => {
      const s = publicWorkspace();
      props(s.t, s.registry).publicNetworkAccess = 'Disabled';
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });

    it('public workspace with a compute in a subnet', () => {
      const s = publicWorkspace();
      const vnet = s.t.vnet('vnet-train', { subnets: [{ name: 'train', prefix: '10.0.1.0/24' }] });
      s.t.compute(s.ws, 'ci-train', { type: 'ComputeInstance', subnet: vnet.subnet('train') });
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });

    it('public workspace with an Approved private endpoint and open dependencies', () => {
      const s = publicWorkspace();
      const vnet = s.t.vnet('vnet-pe', { subnets: [{ name: 'pe', prefix: '10.0.1.0/24' }] });
      s.t.privateEndpoint('pe-ws-public', { subnet: vnet.subnet('pe'), target: s.ws, groupId: 'amlworkspace' });
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });

    it('publicNetworkAccess absent on a workspace whose only private endpoint is Pending (it has private endpoints, so not public)', () => {
      const s = privateWorkspace();
      delete props(s.t, s.ws).publicNetworkAccess;
      props(s.t, s.ws).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });

    it('public access disabled without any private endpoint (unreachable workspace)', () => {
      const s = publicWorkspace({ publicNetworkAccess: 'Disabled' });
      expect(scenarioOf(s.t, s.ws)).toBe('mixed');
    });
  });
});
