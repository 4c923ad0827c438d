import { buildModel } from '../../src/model/build';
import { RULES } from '../../src/rules';
import { evaluate } from '../../src/rules/engine';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function hub(s: ReturnType<typeof privateWorkspace>) {
  return s.t.vnet('vnet-hub', { addressPrefixes: ['10.90.0.0/16'], subnets: [{ name: 'AzureBastionSubnet', prefix: '10.90.0.0/26' }] });
}

describe('AMLNET601 sentinel-jumpbox', () => {
  it('fires on a private-only workspace with no Bastion anywhere near it', () => {
    const s = privateWorkspace();
    expectFindings('AMLNET601', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'info',
        workspaceId: s.ws,
        related: [s.vnet.id],
        message:
          'Workspace ws-private is reachable only through private endpoints in vnet-ws-private, and no Azure Bastion host is in that VNet or a VNet peered with it: SOC analysts coming from Microsoft Sentinel have no jump box. Deploy Bastion and a jump-box VM there.',
        evidence: [
          { resourceId: s.ws, property: "Azure Bastion hosts in the workspace's VNets or peered VNets", expected: 'at least one', actual: 'none' },
        ],
      },
    ]);
  });

  it('does not run by default (disabledByDefault)', () => {
    const { findings, rulesRun } = evaluate(buildModel(privateWorkspace().inventory()), RULES);
    expect(rulesRun).not.toContain('AMLNET601');
    expect(findings.filter((f) => f.ruleId === 'AMLNET601')).toEqual([]);
  });

  it("is satisfied by a Bastion in another subnet of the workspace's VNet", () => {
    const s = privateWorkspace();
    (s.t.find(s.vnet.id)!.properties as any).subnets.push({
      id: s.vnet.subnet('AzureBastionSubnet'),
      name: 'AzureBastionSubnet',
      properties: { addressPrefix: '10.10.250.0/26' },
    });
    s.t.bastion('bas-ml', s.vnet.subnet('AzureBastionSubnet'));
    expectNoFindings('AMLNET601', s.t.inventory());
  });

  it("is satisfied by a Bastion in a VNet peered (Connected both ways) with the workspace's VNet", () => {
    const s = privateWorkspace();
    const h = hub(s);
    s.t.peer(s.vnet, h);
    s.t.bastion('bas-hub', h.subnet('AzureBastionSubnet'));
    expectNoFindings('AMLNET601', s.t.inventory());
  });

  it('does not count a peering that is not Connected on both sides', () => {
    const s = privateWorkspace();
    const h = hub(s);
    s.t.peer(s.vnet, h, 'Connected', 'Initiated');
    s.t.bastion('bas-hub', h.subnet('AzureBastionSubnet'));
    expectFindings('AMLNET601', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'info',
        message:
          'Workspace ws-private is reachable only through private endpoints in vnet-ws-private, and no Azure Bastion host is in that VNet or a VNet peered with it: SOC analysts coming from Microsoft Sentinel have no jump box. Deploy Bastion and a jump-box VM there.',
        evidence: [
          { resourceId: s.ws, property: "Azure Bastion hosts in the workspace's VNets or peered VNets", expected: 'at least one', actual: 'none' },
        ],
      },
    ]);
  });

  it('does not count a Bastion in an unpeered VNet', () => {
    const s = privateWorkspace();
    s.t.bastion('bas-hub', hub(s).subnet('AzureBastionSubnet'));
    expectFindings('AMLNET601', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'info',
        message:
          'Workspace ws-private is reachable only through private endpoints in vnet-ws-private, and no Azure Bastion host is in that VNet or a VNet peered with it: SOC analysts coming from Microsoft Sentinel have no jump box. Deploy Bastion and a jump-box VM there.',
        evidence: [
          { resourceId: s.ws, property: "Azure Bastion hosts in the workspace's VNets or peered VNets", expected: 'at least one', actual: 'none' },
        ],
      },
    ]);
  });

  it("is satisfied by a Developer-SKU Bastion that names the workspace's VNet", () => {
    const s = privateWorkspace();
    s.t.add({
      id: s.t.id('Microsoft.Network', 'bastionHosts', 'bas-dev'),
      name: 'bas-dev',
      type: 'Microsoft.Network/bastionHosts',
      location: 'westeurope',
      sku: { name: 'Developer' },
      properties: { virtualNetwork: { id: s.vnet.id }, ipConfigurations: [] },
    });
    expectNoFindings('AMLNET601', s.t.inventory());
  });

  it('matches Bastion subnet ids case-insensitively', () => {
    const s = privateWorkspace();
    s.t.bastion('bas-ml', s.vnet.subnet('AzureBastionSubnet').toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
    expectNoFindings('AMLNET601', s.t.inventory());
  });

  it('does not apply to a workspace with public access enabled', () => {
    const s = privateWorkspace();
    (s.t.find(s.ws)!.properties as any).publicNetworkAccess = 'Enabled';
    expectNoFindings('AMLNET601', s.t.inventory());
  });

  it('does not apply to a workspace without an Approved private endpoint', () => {
    const s = privateWorkspace();
    (s.t.find(s.ws)!.properties as any).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
    expectNoFindings('AMLNET601', s.t.inventory());
  });
});
