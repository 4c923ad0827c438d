import { TenantBuilder } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { SUB, privateWorkspace } from '../support/scenarios';

type RouteSpec = { name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string };

/** The private workspace plus a subnet (optionally with a NAT gateway or route table) holding a cluster without a public IP. */
function withSubnet(opts: { routes?: RouteSpec[]; nat?: boolean }) {
  const s = privateWorkspace();
  const rt = opts.routes ? s.t.routeTable('rt-train', opts.routes) : undefined;
  const nat = opts.nat ? s.t.natGateway('nat-train') : undefined;
  const vnet = s.t.vnet('vnet-train', {
    addressPrefixes: ['10.70.0.0/16'],
    subnets: [{ name: 'train', prefix: '10.70.1.0/24', ...(rt ? { routeTable: rt } : {}), ...(nat ? { natGateway: nat } : {}) }],
  });
  const cluster = s.t.compute(s.ws, 'nopip', { type: 'AmlCompute', subnet: vnet.subnet('train'), enableNodePublicIp: false });
  return { ...s, rt, subnetTrain: vnet.subnet('train'), cluster };
}

describe('AMLNET107 compute-no-public-ip', () => {
  it('stays silent on the recommended setup (NAT gateway on the compute subnet)', () => {
    expectNoFindings('AMLNET107', privateWorkspace().inventory());
  });

  it('is high when the workspace has no Approved private endpoint', () => {
    const s = privateWorkspace();
    for (const pe of (s.t.find(s.ws)!.properties as any).privateEndpointConnections)
      pe.properties.privateLinkServiceConnectionState.status = 'Rejected';
    expectFindings('AMLNET107', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "AmlCompute cpu-cluster has no public IP, but workspace ws-private has no Approved private endpoint. Add an Approved workspace private endpoint in the compute's VNet.",
        evidence: [
          { resourceId: s.ws, property: 'properties.privateEndpointConnections', expected: 'an Approved private endpoint', actual: 'none Approved' },
        ],
      },
      {
        resourceId: s.instance,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "ComputeInstance ci-ws-private has no public IP, but workspace ws-private has no Approved private endpoint. Add an Approved workspace private endpoint in the compute's VNet.",
        evidence: [
          { resourceId: s.ws, property: 'properties.privateEndpointConnections', expected: 'an Approved private endpoint', actual: 'none Approved' },
        ],
      },
    ]);
  });

  it('is high for a no-public-IP compute of a workspace without any private endpoint', () => {
    const t = new TenantBuilder({ subscriptionId: SUB });
    const ws = t.workspace('ws-open', { storage: t.storage('stopen'), keyVault: t.keyVault('kv-open') });
    const c = t.compute(ws, 'nopip', { type: 'ComputeInstance', enableNodePublicIp: false });
    t.compute(ws, 'pip', { type: 'AmlCompute' }); // has a public IP: not this rule
    expectFindings('AMLNET107', t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        message:
          "ComputeInstance nopip has no public IP, but workspace ws-open has no Approved private endpoint. Add an Approved workspace private endpoint in the compute's VNet.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-open',
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint',
            actual: 'none Approved',
          },
        ],
      },
    ]);
  });

  it('is medium when the subnet has no NAT gateway and no route table', () => {
    const s = withSubnet({});
    const [f] = expectFindings('AMLNET107', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'medium',
        related: [s.subnetTrain],
        message:
          'AmlCompute nopip has no public IP, but subnet train has no NAT gateway and no 0.0.0.0/0 route, so it has no outbound path. Attach a NAT gateway to train or route 0.0.0.0/0 to a firewall.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-train/subnets/train',
            property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
            expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
            actual: 'no NAT gateway; no 0.0.0.0/0 route',
          },
        ],
      },
    ]);
    expect(f.evidence[0].actual).toBe('no NAT gateway; no 0.0.0.0/0 route');
  });

  it('is medium when 0.0.0.0/0 goes to None (dropped) or the route table has no default route', () => {
    const s = withSubnet({ routes: [{ name: 'blackhole', addressPrefix: '0.0.0.0/0', nextHopType: 'None' }] });
    expectFindings('AMLNET107', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'medium',
        related: [s.rt!],
        message:
          'AmlCompute nopip has no public IP, but subnet train has no NAT gateway and its 0.0.0.0/0 route blackhole goes to None, so it has no outbound path. Attach a NAT gateway to train or route 0.0.0.0/0 to a firewall.',
        evidence: [
          {
            resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-train',
            property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
            expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
            actual: 'no NAT gateway; 0.0.0.0/0 -> None',
          },
        ],
      },
    ]);
    const s2 = withSubnet({ routes: [{ name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualNetworkGateway' }] });
    expectFindings('AMLNET107', s2.t.inventory(), [
      {
        resourceId: s2.cluster,
        severity: 'medium',
        message:
          'AmlCompute nopip has no public IP, but subnet train has no NAT gateway and no 0.0.0.0/0 route, so it has no outbound path. Attach a NAT gateway to train or route 0.0.0.0/0 to a firewall.',
        evidence: [
          {
            resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-train',
            property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
            expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
            actual: 'no NAT gateway; no 0.0.0.0/0 route',
          },
        ],
      },
    ]);
  });

  it('stays silent with a 0.0.0.0/0 route to a virtual appliance, a gateway or the Internet', () => {
    for (const nextHopType of ['VirtualAppliance', 'VirtualNetworkGateway', 'Internet', 'virtualappliance']) {
      expectNoFindings(
        'AMLNET107',
        withSubnet({
          routes: [
            {
              name: 'd',
              addressPrefix: '0.0.0.0/0',
              nextHopType,
              ...(nextHopType.toLowerCase() === 'virtualappliance' ? { nextHopIpAddress: '10.0.100.4' } : {}),
            },
          ],
        }).t.inventory(),
      );
    }
  });

  it('stays silent with a NAT gateway even when 0.0.0.0/0 goes to None', () => {
    expectNoFindings(
      'AMLNET107',
      withSubnet({ nat: true, routes: [{ name: 'blackhole', addressPrefix: '0.0.0.0/0', nextHopType: 'None' }] }).t.inventory(),
    );
  });

  it('says both when there is neither an Approved endpoint nor an outbound path, as one high finding', () => {
    const s = withSubnet({});
    for (const pe of (s.t.find(s.ws)!.properties as any).privateEndpointConnections)
      pe.properties.privateLinkServiceConnectionState.status = 'Pending';
    const findings = expectFindings('AMLNET107', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        message:
          "AmlCompute nopip has no public IP, but workspace ws-private has no Approved private endpoint; and subnet train has no NAT gateway and no 0.0.0.0/0 route, so it has no outbound path. Add an Approved workspace private endpoint in the compute's VNet, and give the subnet an outbound path.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-private',
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint',
            actual: 'none Approved',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/virtualNetworks/vnet-train/subnets/train',
            property: 'subnet natGateway / routeTable 0.0.0.0/0 nextHopType',
            expected: 'a NAT gateway, or 0.0.0.0/0 to VirtualAppliance, VirtualNetworkGateway or Internet',
            actual: 'no NAT gateway; no 0.0.0.0/0 route',
          },
        ],
      },
      {
        resourceId: s.cluster.replace('nopip', 'cpu-cluster'),
        severity: 'high',
        message:
          "AmlCompute cpu-cluster has no public IP, but workspace ws-private has no Approved private endpoint. Add an Approved workspace private endpoint in the compute's VNet.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-private',
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint',
            actual: 'none Approved',
          },
        ],
      },
      {
        resourceId: s.instance,
        severity: 'high',
        message:
          "ComputeInstance ci-ws-private has no public IP, but workspace ws-private has no Approved private endpoint. Add an Approved workspace private endpoint in the compute's VNet.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-private',
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint',
            actual: 'none Approved',
          },
        ],
      },
    ]);
    expect(findings.find((f) => f.resourceId.endsWith('nopip'))!.evidence).toHaveLength(2);
  });

  it('treats a route table it cannot see as unknown', () => {
    const s = privateWorkspace();
    const v = s.t.vnet('vnet-hidden', {
      subnets: [
        {
          name: 'train',
          prefix: '10.80.1.0/24',
          routeTable: '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/rg-hub/providers/Microsoft.Network/routeTables/rt-hub',
        },
      ],
    });
    s.t.compute(s.ws, 'nopip', { type: 'AmlCompute', subnet: v.subnet('train'), enableNodePublicIp: false });
    expectNoFindings('AMLNET107', s.t.inventory());
  });

  it('ignores computes with a public IP and managed-VNet workspaces', () => {
    const s = withSubnet({});
    (s.t.find(s.cluster)!.properties as any).properties.enableNodePublicIp = true;
    expectNoFindings('AMLNET107', s.t.inventory());
    const t = new TenantBuilder({ subscriptionId: SUB });
    const ws = t.workspace('ws-managed', { storage: t.storage('stm'), keyVault: t.keyVault('kv-m'), isolationMode: 'AllowInternetOutbound' });
    t.compute(ws, 'serverless-like', { type: 'AmlCompute', enableNodePublicIp: false });
    expectNoFindings('AMLNET107', t.inventory());
  });
});
