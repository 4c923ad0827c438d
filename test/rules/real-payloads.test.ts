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
    ws.identity = {
      type: 'SystemAssigned,UserAssigned',
      principalId: s.principalId,
      userAssignedIdentities: { [UAI]: { principalId: 'uai-principal', clientId: 'uai-client' } },
    } as never;
    (ws.properties as any).primaryUserAssignedIdentity = UAI;
    const ds = s.t.find(`${s.ws}/datastores/workspaceblobstore`)!;
    (ds.properties as any).serviceDataAccessAuthIdentity = 'WorkspaceUserAssignedIdentity';
    return s;
  }

  it("judges a datastore on WorkspaceUserAssignedIdentity by the user-assigned identity's roles", () => {
    const s = withUserAssigned();
    const pe = (n: string) => s.t.id('Microsoft.Network', 'privateEndpoints', n);
    const grant = (resourceId: string, expected: string) => ({
      resourceId,
      property: 'role assignments for principal uai-principal',
      expected,
      actual: 'none',
    });
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        workspaceId: s.ws,
        related: [`${s.ws}/datastores/workspaceblobstore`],
        message:
          "Workspace ws-private's user-assigned identity uai-ml (uai-principal) lacks blob data read (Storage Blob Data Reader) on stwsprivate and Reader on " +
          "private endpoints pe-stwsprivate-blob, pe-stwsprivate-file, so studio's data preview, designer visualization, designer deployment, AutoML submission, " +
          'starting a labeling project fail on datastores workspaceblobstore. Assign the missing roles.',
        evidence: [
          grant(s.storage, 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope'),
          grant(pe('pe-stwsprivate-blob'), 'Reader, Contributor or Owner at the private endpoint or a parent scope'),
          grant(pe('pe-stwsprivate-file'), 'Reader, Contributor or Owner at the private endpoint or a parent scope'),
        ],
      },
    ]);
  });

  it('stays silent once the user-assigned identity has the roles', () => {
    const s = withUserAssigned();
    s.t.roleAssignment(s.storage, 'uai-principal', BLOB_DATA_READER);
    s.t.roleAssignment(`/subscriptions/${SUB}/resourceGroups/rg-ml`, 'uai-principal', READER);
    expectNoFindings('AMLNET302', s.t.inventory());
  });
});

describe("AMLNET401 and AMLNET402 on a VNet that lists only Azure's resolver", () => {
  it('treats dnsServers [168.63.129.16] as Azure DNS: AMLNET401 judges the zones, AMLNET402 stays silent', () => {
    const s = privateWorkspace();
    (s.vnet.resource.properties as any).dhcpOptions.dnsServers = ['168.63.129.16'];
    // Break one link, so AMLNET401 has something to say there.
    const link = s.t.resources.findIndex((r) => r.id.toLowerCase().includes('privatelink.vaultcore.azure.net/virtualnetworklinks/'));
    s.t.resources.splice(link, 1);
    expectNoFindings('AMLNET402', s.t.inventory());
    const pe = s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-kv-ws-private');
    expectFindings('AMLNET401', s.t.inventory(), [
      {
        resourceId: pe,
        severity: 'high',
        message:
          'Private endpoint pe-kv-ws-private of the key vault kv-ws-private is in VNet vnet-ws-private, which uses Azure DNS, but these private DNS zones do not ' +
          "resolve it there: privatelink.vaultcore.azure.net (not linked to vnet-ws-private). Link each zone to vnet-ws-private and add it to the endpoint's DNS zone group.",
        evidence: [
          {
            resourceId: pe,
            property: 'private DNS zone privatelink.vaultcore.azure.net: virtualNetworkLinks / privateDnsZoneGroups',
            expected: "linked to vnet-ws-private and in the endpoint's zone group",
            actual: 'linked to no VNet',
          },
        ],
      },
    ]);
  });
});

describe('AMLNET102 judges a peering from the side that is visible', () => {
  const subnetEvidence = (c: string) => ({
    resourceId: c,
    property: 'properties.properties.subnet.id',
    expected: 'a subnet of vnet-ws-private',
    actual: `/subscriptions/${SUB}/resourcegroups/rg-ml/providers/microsoft.network/virtualnetworks/vnet-spoke/subnets/snet-train`,
  });
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
    expectFindings('AMLNET102', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'medium',
        workspaceId: s.ws,
        message:
          "AmlCompute gpu-spoke is in VNet vnet-spoke (subnet snet-train), but workspace ws-private's private endpoints are in vnet-ws-private (peered). Recreate it in a subnet of vnet-ws-private.",
        evidence: [subnetEvidence(c)],
      },
    ]);
  });

  it('and high when no visible half names it', () => {
    const { s, c } = clusterInOutsideVnet(false);
    expectFindings('AMLNET102', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "AmlCompute gpu-spoke is in VNet vnet-spoke (subnet snet-train), but workspace ws-private's private endpoints are in vnet-ws-private. Recreate it in a subnet of vnet-ws-private.",
        evidence: [subnetEvidence(c)],
      },
    ]);
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
    expectFindings('AMLNET105', s.t.inventory(), [
      {
        resourceId: pub,
        severity: 'high',
        workspaceId: s.ws,
        message:
          'ComputeInstance ci-public has a public IP, and NSG nsg-ws-private-compute on subnet snet-compute denies inbound TCP 44224 from AzureMachineLearning ' +
          'through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId: s.nsg,
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
          },
        ],
      },
    ]);
  });

  it('AMLNET107 judges the instances shown without a public IP, not the one without connectivityEndpoints', () => {
    const { s } = withInstances();
    const subnet = (s.vnet.resource.properties as any).subnets.find((x: any) => x.name === 'snet-compute');
    delete subnet.properties.natGateway;
    const noPath = (type: string, name: string) =>
      `${type} ${name} has no public IP, but subnet snet-compute has no NAT gateway and no 0.0.0.0/0 route, so it has no outbound path. ` +
      'Attach a NAT gateway to snet-compute or route 0.0.0.0/0 to a firewall.';
    const evidence = [
      {
        resourceId: s.computeSubnet,
        property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
        expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
        actual: 'no NAT gateway; no 0.0.0.0/0 route',
      },
    ];
    // ci-unknown (no connectivityEndpoints) and ci-public are not this rule's.
    expectFindings('AMLNET107', s.t.inventory(), [
      { resourceId: s.cluster, severity: 'medium', workspaceId: s.ws, message: noPath('AmlCompute', 'cpu-cluster'), evidence },
      { resourceId: s.instance, severity: 'medium', workspaceId: s.ws, message: noPath('ComputeInstance', 'ci-ws-private'), evidence },
    ]);
  });
});
