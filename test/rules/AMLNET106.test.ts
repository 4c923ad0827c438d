import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

type RouteSpec = { name: string; addressPrefix: string; nextHopType: string; nextHopIpAddress?: string };
const toFirewall: RouteSpec = { name: 'default-to-fw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.100.4' };

/** The private workspace plus a subnet with route table `routes` and a cluster in it. */
function withRoutes(routes: RouteSpec[] | null, opts: { enableNodePublicIp?: boolean } = {}) {
  const s = privateWorkspace();
  const rt = routes ? s.t.routeTable('rt-train', routes) : undefined;
  const vnet = s.t.vnet('vnet-train', {
    addressPrefixes: ['10.70.0.0/16'],
    subnets: [{ name: 'train', prefix: '10.70.1.0/24', ...(rt ? { routeTable: rt } : {}) }],
  });
  const cluster = s.t.compute(s.ws, 'pub-cluster', {
    type: 'AmlCompute',
    subnet: vnet.subnet('train'),
    enableNodePublicIp: opts.enableNodePublicIp ?? true,
  });
  return { ...s, rt, vnetTrain: vnet, cluster };
}

describe('AMLNET106 compute-forced-tunnel-routes', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET106', privateWorkspace().inventory());
  });

  it('fires for a public-IP compute when 0.0.0.0/0 goes to a virtual appliance and AzureMachineLearning has no Internet route', () => {
    const s = withRoutes([toFirewall]);
    const [f] = expectFindings('AMLNET106', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.rt!, s.vnetTrain.subnet('train')],
        message:
          'AmlCompute pub-cluster has a public IP, and route table rt-train on subnet train sends 0.0.0.0/0 to VirtualAppliance 10.0.100.4 (route default-to-fw) with no route for AzureMachineLearning to the Internet. Add a route for the AzureMachineLearning service tag with next hop type Internet.',
        evidence: [
          {
            resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-train',
            property: 'properties.routes',
            expected: 'a route with addressPrefix AzureMachineLearning or AzureMachineLearning.westeurope and nextHopType Internet',
            actual: 'default-to-fw: 0.0.0.0/0 -> VirtualAppliance; no such route',
          },
        ],
      },
    ]);
    expect(f.evidence[0].expected).toContain('AzureMachineLearning.westeurope');
  });

  it('fires for a forced tunnel to a VPN/ExpressRoute gateway', () => {
    const s = withRoutes([{ name: 'default-to-gw', addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]);
    expectFindings('AMLNET106', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        message:
          'AmlCompute pub-cluster has a public IP, and route table rt-train on subnet train sends 0.0.0.0/0 to VirtualNetworkGateway (route default-to-gw) with no route for AzureMachineLearning to the Internet. Add a route for the AzureMachineLearning service tag with next hop type Internet.',
        evidence: [
          {
            resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-train',
            property: 'properties.routes',
            expected: 'a route with addressPrefix AzureMachineLearning or AzureMachineLearning.westeurope and nextHopType Internet',
            actual: 'default-to-gw: 0.0.0.0/0 -> VirtualNetworkGateway; no such route',
          },
        ],
      },
    ]);
  });

  it('stays silent with a route for AzureMachineLearning, or its regional form, to the Internet', () => {
    expectNoFindings(
      'AMLNET106',
      withRoutes([toFirewall, { name: 'aml', addressPrefix: 'AzureMachineLearning', nextHopType: 'Internet' }]).t.inventory(),
    );
    expectNoFindings(
      'AMLNET106',
      withRoutes([toFirewall, { name: 'aml', addressPrefix: 'azuremachinelearning.WestEurope', nextHopType: 'internet' }]).t.inventory(),
    );
  });

  it('fires when the service-tag route goes elsewhere or names another region', () => {
    for (const extra of [
      { name: 'aml', addressPrefix: 'AzureMachineLearning', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.100.4' },
      { name: 'aml', addressPrefix: 'AzureMachineLearning.eastus', nextHopType: 'Internet' },
      { name: 'batch', addressPrefix: 'BatchNodeManagement', nextHopType: 'Internet' },
    ]) {
      const s = withRoutes([toFirewall, extra]);
      expectFindings('AMLNET106', s.t.inventory(), [
        {
          resourceId: s.cluster,
          severity: 'high',
          message:
            'AmlCompute pub-cluster has a public IP, and route table rt-train on subnet train sends 0.0.0.0/0 to VirtualAppliance 10.0.100.4 (route default-to-fw) with no route for AzureMachineLearning to the Internet. Add a route for the AzureMachineLearning service tag with next hop type Internet.',
          evidence: [
            {
              resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-train',
              property: 'properties.routes',
              expected: 'a route with addressPrefix AzureMachineLearning or AzureMachineLearning.westeurope and nextHopType Internet',
              actual: 'default-to-fw: 0.0.0.0/0 -> VirtualAppliance; no such route',
            },
          ],
        },
      ]);
    }
  });

  it('stays silent when 0.0.0.0/0 goes to the Internet or there is no default route', () => {
    expectNoFindings('AMLNET106', withRoutes([{ name: 'd', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }]).t.inventory());
    expectNoFindings(
      'AMLNET106',
      withRoutes([{ name: 'onprem', addressPrefix: '192.168.0.0/16', nextHopType: 'VirtualNetworkGateway' }]).t.inventory(),
    );
    expectNoFindings('AMLNET106', withRoutes(null).t.inventory());
  });

  it('stays silent for a compute without a public IP (AMLNET107 covers its outbound path)', () => {
    expectNoFindings('AMLNET106', withRoutes([toFirewall], { enableNodePublicIp: false }).t.inventory());
  });

  it('stays silent when the route table is in a subscription the scan could not see', () => {
    const s = privateWorkspace();
    const v = s.t.vnet('vnet-hidden-rt', {
      subnets: [
        {
          name: 'train',
          prefix: '10.80.1.0/24',
          routeTable: '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/rg-hub/providers/Microsoft.Network/routeTables/rt-hub',
        },
      ],
    });
    s.t.compute(s.ws, 'pub', { type: 'AmlCompute', subnet: v.subnet('train') });
    expectNoFindings('AMLNET106', s.t.inventory());
  });

  it('matches the route table id case-insensitively', () => {
    const s = privateWorkspace();
    const rt = s.t.routeTable('rt-case', [toFirewall]);
    const v = s.t.vnet('vnet-case', { subnets: [{ name: 'train', prefix: '10.90.1.0/24', routeTable: rt.toLowerCase() }] });
    const c = s.t.compute(s.ws, 'pub', { type: 'ComputeInstance', subnet: v.subnet('train') });
    expectFindings('AMLNET106', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        related: [rt],
        message:
          'ComputeInstance pub has a public IP, and route table rt-case on subnet train sends 0.0.0.0/0 to VirtualAppliance 10.0.100.4 (route default-to-fw) with no route for AzureMachineLearning to the Internet. Add a route for the AzureMachineLearning service tag with next hop type Internet.',
        evidence: [
          {
            resourceId: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/routeTables/rt-case',
            property: 'properties.routes',
            expected: 'a route with addressPrefix AzureMachineLearning or AzureMachineLearning.westeurope and nextHopType Internet',
            actual: 'default-to-fw: 0.0.0.0/0 -> VirtualAppliance; no such route',
          },
        ],
      },
    ]);
  });
});
