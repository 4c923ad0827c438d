/**
 * Rules on the shapes real payloads have (issue 10 point 4 and the peering bullet of point 5):
 * each case fails on the model that read them wrongly.
 */
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB } from '../support/scenarios';

const UAI = `/subscriptions/${SUB}/resourceGroups/rg-ml/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-ml`;
const BLOB_DATA_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

describe('AMLNET302 with a user-assigned workspace identity', () => {
  function withUserAssigned() {
    const s = privateWorkspace();
    const ws = s.t.find(s.ws)!;
    ws.identity = { type: 'SystemAssigned,UserAssigned', principalId: s.principalId, userAssignedIdentities: { [UAI]: { principalId: 'uai-principal', clientId: 'uai-client' } } } as never;
    (ws.properties as any).primaryUserAssignedIdentity = UAI;
    const ds = s.t.find(`${s.ws}/datastores/workspaceblobstore`)!;
    (ds.properties as any).serviceDataAccessAuthIdentity = 'WorkspaceUserAssignedIdentity';
    return s;
  }

  it('judges a datastore on WorkspaceUserAssignedIdentity by the user-assigned identity\'s roles', () => {
    const s = withUserAssigned();
    const [f] = expectFindings('AMLNET302', s.t.inventory(), [
      { resourceId: s.storage, severity: 'medium', workspaceId: s.ws, messageIncludes: ['user-assigned identity uai-ml (uai-principal)', 'Storage Blob Data Reader'], related: [`${s.ws}/datastores/workspaceblobstore`] },
    ]);
    expect(f.evidence.map((e) => e.property)).toEqual(['role assignments for principal uai-principal', 'role assignments for principal uai-principal', 'role assignments for principal uai-principal']);
  });

  it('stays silent once the user-assigned identity has the roles', () => {
    const s = withUserAssigned();
    s.t.roleAssignment(s.storage, 'uai-principal', BLOB_DATA_READER);
    s.t.roleAssignment(`/subscriptions/${SUB}/resourceGroups/rg-ml`, 'uai-principal', READER);
    expectNoFindings('AMLNET302', s.t.inventory());
  });
});

describe('AMLNET401 and AMLNET402 on a VNet that lists only Azure\'s resolver', () => {
  it('treats dnsServers [168.63.129.16] as Azure DNS: AMLNET401 judges the zones, AMLNET402 stays silent', () => {
    const s = privateWorkspace();
    (s.vnet.resource.properties as any).dhcpOptions.dnsServers = ['168.63.129.16'];
    // Break one link, so AMLNET401 has something to say there.
    const link = s.t.resources.findIndex((r) => r.id.toLowerCase().includes('privatelink.vaultcore.azure.net/virtualnetworklinks/'));
    s.t.resources.splice(link, 1);
    expectNoFindings('AMLNET402', s.t.inventory());
    expectFindings('AMLNET401', s.t.inventory(), [
      { resourceId: s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-kv-ws-private'), severity: 'high', messageIncludes: ['privatelink.vaultcore.azure.net (not linked to vnet-ws-private)'] },
    ]);
  });
});

describe('AMLNET102 judges a peering from the side that is visible', () => {
  function clusterInOutsideVnet(peered: boolean) {
    const s = privateWorkspace();
    const spoke = s.t.vnet('vnet-spoke', { addressPrefixes: ['10.20.0.0/16'], subnets: [{ name: 'snet-train', prefix: '10.20.1.0/24' }] });
    if (peered) s.t.peer(s.vnet, spoke);
    const c = s.t.compute(s.ws, 'gpu-spoke', { type: 'AmlCompute', subnet: spoke.subnet('snet-train'), enableNodePublicIp: false });
    // The spoke lies outside the scan: only the workspace VNet's half of the peering is visible.
    s.t.resources.splice(s.t.resources.indexOf(spoke.resource), 1);
    return { s, c };
  }

  it('a cluster in an unseen VNet peered Connected from the workspace VNet is medium', () => {
    const { s, c } = clusterInOutsideVnet(true);
    expectFindings('AMLNET102', s.t.inventory(), [{ resourceId: c, severity: 'medium', workspaceId: s.ws, messageIncludes: ['(peered)'] }]);
  });

  it('and high when no visible half names it', () => {
    const { s, c } = clusterInOutsideVnet(false);
    const [f] = expectFindings('AMLNET102', s.t.inventory(), [{ resourceId: c, severity: 'high', workspaceId: s.ws }]);
    expect(f.message).not.toContain('(peered)');
  });
});

describe('compute instances read as their GET returns them', () => {
  function withInstances() {
    const s = privateWorkspace();
    const unknown = s.t.compute(s.ws, 'ci-unknown', { type: 'ComputeInstance', subnet: s.computeSubnet, connectivityUnknown: true });
    const pub = s.t.compute(s.ws, 'ci-public', { type: 'ComputeInstance', subnet: s.computeSubnet, enableNodePublicIp: true });
    return { s, unknown, pub };
  }

  it('AMLNET105 judges the instance whose connectivityEndpoints show a public IP, not the one without them', () => {
    const { s, pub } = withInstances();
    (s.t.find(s.nsg)!.properties as any).securityRules = [];
    expectFindings('AMLNET105', s.t.inventory(), [{ resourceId: pub, severity: 'high', workspaceId: s.ws }]);
  });

  it('AMLNET107 judges the instances shown without a public IP, not the one without connectivityEndpoints', () => {
    const { s } = withInstances();
    const subnet = (s.vnet.resource.properties as any).subnets.find((x: any) => x.name === 'snet-compute');
    delete subnet.properties.natGateway;
    const fired = expectFindings('AMLNET107', s.t.inventory(), [
      { resourceId: s.cluster, severity: 'medium', workspaceId: s.ws },
      { resourceId: s.instance, severity: 'medium', workspaceId: s.ws },
    ]);
    expect(fired.map((f) => f.resourceId)).not.toContain(`${s.ws}/computes/ci-unknown`);
  });
});
