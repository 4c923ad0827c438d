/**
 * Each adapter on the published payload shapes (test/fixtures/arm/published.ts): what each real
 * shape means in the model.
 */
import { buildModel } from '../../src/model/build';
import type { ArmResource } from '../../src/model/inventory';
import { firewallRulesOf, decideFlow } from '../../src/model/firewall';
import * as real from '../fixtures/arm/published';

function model(resources: ArmResource[]) {
  return buildModel({
    schemaVersion: 1,
    cloud: 'AzureCloud',
    scope: { subscriptions: ['00000000-1111-2222-3333-444444444444'] },
    resources,
    gaps: [],
  });
}

const wsOf = (id: string) => ({
  id,
  name: id.split('/').pop(),
  type: 'Microsoft.MachineLearningServices/workspaces',
  location: 'eastus2',
  properties: {},
});

describe('machine learning adapter', () => {
  it("reads a compute instance's public IP from connectivityEndpoints, and calls it unknown without them", () => {
    const m = model([wsOf(real.WS), real.computeInstance, real.computeInstanceStopped, real.amlCompute]);
    const byName = Object.fromEntries(m.workspaces[0].computes.map((c) => [c.name, c.publicIp]));
    expect(byName).toEqual({ 'ci-real': 'public', 'ci-stopped': 'unknown', 'cpu-real': 'public' });
  });

  it('a compute instance whose connectivityEndpoints have no public address has none', () => {
    const ci = {
      ...real.computeInstance,
      properties: {
        ...real.computeInstance.properties,
        properties: {
          ...real.computeInstance.properties!.properties,
          connectivityEndpoints: { publicIpAddress: null, privateIpAddress: '10.0.0.5' },
        },
      },
    };
    expect(model([wsOf(real.WS), ci]).workspaces[0].computes[0].publicIp).toBe('none');
  });

  it("reads hubs, projects (judged by the visible hub's network), user-assigned identity and serverless compute", () => {
    const m = model([real.hub, real.project]);
    const hub = m.workspaces.find((w) => w.name === 'hub-real')!;
    const project = m.workspaces.find((w) => w.name === 'proj-real')!;
    expect([hub.workspaceKind, project.workspaceKind]).toEqual(['hub', 'project']);
    expect(hub.primaryUserAssignedIdentity).toBe(
      '/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-real/providers/microsoft.managedidentity/userassignedidentities/uai-real',
    );
    expect(hub.primaryUserAssignedPrincipalId).toBe('bbbbbbbb-0000-0000-0000-000000000002');
    expect(hub.serverlessComputeSubnetId).toBe(
      '/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-real/providers/microsoft.network/virtualnetworks/vnet-real/subnets/snet-serverless',
    );
    expect(hub.serverlessComputeNoPublicIp).toBe(true);
    expect(project.hubId).toBe(hub.id);
    expect(project.networkFromHubId).toBe(hub.id);
    expect(project.publicNetworkAccess).toBe('Disabled');
    expect(project.managedNetwork).toBe(hub.managedNetwork);
    expect(project.storageAccountId).toBe(hub.storageAccountId);
    expect(m.isPublicAccessEnabled(project)).toBe(false);
    expect(m.scenarioOf(project)).toBe('managed-vnet');
  });

  it('a project whose hub is out of sight is not judged open from its own empty settings', () => {
    const m = model([real.project]);
    const project = m.workspaces[0];
    expect(project.networkFromHubId).toBeUndefined();
    expect(m.isPublicAccessEnabled(project)).toBe(false);
  });

  it('a V2 managed network takes its outbound rules, status and errorInformation from managedNetworks/default', () => {
    const without = model([real.wsV2]).workspaces[0];
    expect(without.managedNetwork).toEqual({ isolationMode: 'AllowOnlyApprovedOutbound', kind: 'v2', outboundRules: [], outboundRulesUnknown: true });
    const ws = model([real.wsV2, real.managedNetworkV2]).workspaces[0];
    expect(ws.managedNetwork?.kind).toBe('v2');
    expect(ws.managedNetwork?.outboundRulesUnknown).toBeUndefined();
    expect(ws.managedNetwork?.outboundRules).toEqual([
      {
        name: 'pe-storage',
        type: 'PrivateEndpoint',
        category: 'UserDefined',
        status: 'Failed',
        errorInformation: 'The private endpoint connection could not be approved',
        destination: {
          serviceResourceId:
            '/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-real/providers/microsoft.storage/storageaccounts/stv2',
          subresourceTarget: 'blob',
          sparkEnabled: false,
        },
      },
    ]);
  });

  it("a V1 managed network keeps the workspace's own rules (errorInformation null is absent)", () => {
    const hub = model([real.hub]).workspaces[0];
    expect(hub.managedNetwork).toEqual({
      isolationMode: 'AllowOnlyApprovedOutbound',
      kind: 'v1',
      outboundRules: [
        {
          name: 'rule_name_1',
          type: 'FQDN',
          category: 'UserDefined',
          status: 'Active',
          errorInformation: undefined,
          destination: 'destination_endpoint',
        },
      ],
    });
  });
});

describe('network adapter', () => {
  it('a VNet that lists only 168.63.129.16 uses Azure DNS; one that adds a custom server does not', () => {
    const m = model([real.vnetAzureResolver, real.vnetCustomAndResolver]);
    expect(m.virtualNetworks.map((v) => [v.name, v.usesAzureDns, v.dnsServers])).toEqual([
      ['vnet-real', true, ['168.63.129.16']],
      ['vnet-custom', false, ['10.1.0.36', '168.63.129.16']],
    ]);
  });

  it('a Virtual WAN hub firewall is reachable by its hubIPAddresses.privateIPAddress', () => {
    const m = model([real.firewallInHub, real.firewallClassic]);
    expect(m.firewallWithPrivateIp('10.100.0.132')?.name).toBe('fw-hub');
    expect(m.firewallWithPrivateIp('10.0.0.4')?.name).toBe('fw-real');
  });

  it("parses classic network and application rules once; an FQDN allow lets the tag's HTTPS through when no network rule decides", () => {
    const m = model([real.firewallClassic]);
    const rules = firewallRulesOf(m, m.azureFirewalls[0])!;
    expect(rules.network.map((r) => [r.path, r.action])).toEqual([['netrulecoll/rule2', 'Deny']]);
    expect(rules.application).toEqual([
      {
        path: 'apprulecoll/rule1',
        action: 'Allow',
        protocols: ['https:443'],
        sourceAddresses: ['10.0.0.0/24'],
        sourceIpGroups: [],
        targetFqdns: ['*.api.azureml.ms', 'ml.azure.com'],
        fqdnTags: [],
      },
    ]);
    const flow = (tag: string) => decideFlow(rules, { sourcePrefixes: ['10.0.0.0/26'], protocol: 'TCP', port: 443, tag, region: 'eastus' });
    expect(flow('AzureMachineLearning')).toEqual({ allowed: true, rule: rules.application[0] });
    expect(flow('AzureActiveDirectory')).toEqual({ allowed: false });
  });
});
