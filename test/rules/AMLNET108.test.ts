import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function withTrainVnet(addressPrefixes: string[], delegations?: string[]) {
  const s = privateWorkspace();
  const vnet = s.t.vnet('vnet-train', {
    addressPrefixes,
    subnets: [{ name: 'train', prefix: addressPrefixes[0].replace(/\/\d+$/, '/24'), delegations }],
  });
  const cluster = s.t.compute(s.ws, 'train-cluster', { type: 'AmlCompute', subnet: vnet.subnet('train'), enableNodePublicIp: false });
  return { ...s, vnetTrain: vnet, cluster };
}

describe('AMLNET108 compute-subnet-config', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET108', privateWorkspace().inventory());
  });

  it('is medium for a compute in a delegated subnet', () => {
    const s = withTrainVnet(['10.70.0.0/16'], ['Microsoft.ContainerInstance/containerGroups']);
    const [f] = expectFindings('AMLNET108', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.vnetTrain.subnet('train')],
        message:
          'AmlCompute train-cluster is in subnet train of VNet vnet-train, which is delegated to Microsoft.ContainerInstance/containerGroups. Use a subnet without delegations for compute.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-train/subnets/train',
            property: 'properties.delegations',
            expected: 'none',
            actual: 'Microsoft.ContainerInstance/containerGroups',
          },
        ],
      },
    ]);
    expect(f.evidence[0]).toMatchObject({ property: 'properties.delegations', expected: 'none' });
  });

  it('is low when the VNet address space overlaps 172.17.0.0/16', () => {
    for (const [space, overlapping] of [
      [['172.17.0.0/16'], '172.17.0.0/16'],
      [['172.16.0.0/12'], '172.16.0.0/12'],
      [['10.0.0.0/16', '172.17.5.0/24'], '172.17.5.0/24'],
    ] as const) {
      const s = withTrainVnet([...space]);
      expectFindings('AMLNET108', s.t.inventory(), [
        {
          resourceId: s.cluster,
          severity: 'low',
          related: [s.vnetTrain.id],
          message: `AmlCompute train-cluster is in VNet vnet-train, whose address space ${overlapping} overlaps 172.17.0.0/16, Docker's bridge network on the compute nodes. Use a VNet outside that range.`,
          evidence: [
            {
              resourceId: s.vnetTrain.id,
              property: 'properties.addressSpace.addressPrefixes',
              expected: 'no overlap with 172.17.0.0/16',
              actual: overlapping,
            },
          ],
        },
      ]);
    }
  });

  it('stays silent for neighbouring ranges that do not overlap', () => {
    for (const space of [['172.16.0.0/16'], ['172.18.0.0/16'], ['10.0.0.0/8'], ['fd00::/48', '10.1.0.0/16']]) {
      expectNoFindings('AMLNET108', withTrainVnet(space).t.inventory());
    }
  });

  it('yields both findings for a delegated subnet in an overlapping VNet', () => {
    const s = withTrainVnet(['172.17.0.0/16'], ['Microsoft.Web/serverFarms']);
    expectFindings('AMLNET108', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'medium',
        message:
          'AmlCompute train-cluster is in subnet train of VNet vnet-train, which is delegated to Microsoft.Web/serverFarms. Use a subnet without delegations for compute.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-train/subnets/train',
            property: 'properties.delegations',
            expected: 'none',
            actual: 'Microsoft.Web/serverFarms',
          },
        ],
      },
      {
        resourceId: s.cluster,
        severity: 'low',
        message:
          "AmlCompute train-cluster is in VNet vnet-train, whose address space 172.17.0.0/16 overlaps 172.17.0.0/16, Docker's bridge network on the compute nodes. Use a VNet outside that range.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-train',
            property: 'properties.addressSpace.addressPrefixes',
            expected: 'no overlap with 172.17.0.0/16',
            actual: '172.17.0.0/16',
          },
        ],
      },
    ]);
  });

  it('ignores AKS computes and computes whose VNet is not visible', () => {
    const s = withTrainVnet(['10.70.0.0/16'], ['Microsoft.ContainerInstance/containerGroups']);
    s.t.resources.splice(
      s.t.resources.findIndex((r) => r.id === s.vnetTrain.id),
      1,
    );
    const aks = s.t.aks('aks1', { subnet: s.vnetTrain.subnet('train') });
    s.t.compute(s.ws, 'aks', { type: 'AKS', resourceId: aks });
    expectNoFindings('AMLNET108', s.t.inventory());
  });
});
