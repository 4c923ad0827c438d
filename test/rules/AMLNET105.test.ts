import type { NsgRuleSpec } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

/** The private workspace plus a subnet guarded by an NSG with `rules`, holding a cluster with a public IP. */
function withPublicIpCluster(rules: NsgRuleSpec[] | null, opts: { enableNodePublicIp?: boolean; location?: string } = {}) {
  const s = privateWorkspace();
  const nsg = rules ? s.t.nsg('nsg-public', rules) : undefined;
  const vnet = s.t.vnet('vnet-train', {
    addressPrefixes: ['10.70.0.0/16'],
    subnets: [{ name: 'train', prefix: '10.70.1.0/24', ...(nsg ? { nsg } : {}) }],
  });
  const cluster = s.t.compute(s.ws, 'pub-cluster', {
    type: 'AmlCompute',
    subnet: vnet.subnet('train'),
    enableNodePublicIp: opts.enableNodePublicIp,
    location: opts.location,
  });
  return { ...s, nsgId: nsg, vnetTrain: vnet, cluster };
}

const allowAml = (over: Partial<NsgRuleSpec> = {}): NsgRuleSpec => ({
  name: 'AllowAML',
  priority: 100,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  source: 'AzureMachineLearning',
  destinationPort: '44224',
  ...over,
});
const denyAll = (over: Partial<NsgRuleSpec> = {}): NsgRuleSpec => ({
  name: 'DenyInternet',
  priority: 200,
  direction: 'Inbound',
  access: 'Deny',
  protocol: '*',
  source: 'Internet',
  destinationPort: '*',
  ...over,
});

describe('AMLNET105 compute-public-ip-inbound', () => {
  it('stays silent on the recommended setup, even with a public-IP compute in its subnet', () => {
    expectNoFindings('AMLNET105', privateWorkspace().inventory());
    const s = privateWorkspace();
    s.t.compute(s.ws, 'pub', { type: 'AmlCompute', subnet: s.computeSubnet, enableNodePublicIp: true });
    expectNoFindings('AMLNET105', s.t.inventory());
  });

  it('fires when nothing allows the traffic before the default DenyAllInBound (enableNodePublicIp absent = public)', () => {
    const s = withPublicIpCluster([]);
    const [f] = expectFindings('AMLNET105', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.nsgId!, s.vnetTrain.subnet('train')],
        message:
          'AmlCompute pub-cluster has a public IP, and NSG nsg-public on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-public',
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
          },
        ],
      },
    ]);
    expect(f.evidence[0]).toMatchObject({ expected: 'Allow', actual: expect.stringContaining('DenyAllInBound') });
  });

  it('fires for a compute instance with a public IP as well', () => {
    const s = withPublicIpCluster([]);
    const ci = s.t.compute(s.ws, 'ci-pub', { type: 'ComputeInstance', subnet: s.vnetTrain.subnet('train'), enableNodePublicIp: true });
    expectFindings('AMLNET105', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        message:
          'AmlCompute pub-cluster has a public IP, and NSG nsg-public on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-public',
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
          },
        ],
      },
      {
        resourceId: ci,
        severity: 'high',
        message:
          'ComputeInstance ci-pub has a public IP, and NSG nsg-public on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-public',
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
          },
        ],
      },
    ]);
  });

  it('fires when a deny has a lower priority number than the allow', () => {
    const s = withPublicIpCluster([denyAll({ priority: 100 }), allowAml({ priority: 200 })]);
    expectFindings('AMLNET105', s.t.inventory(), [
      {
        resourceId: s.cluster,
        severity: 'high',
        message:
          'AmlCompute pub-cluster has a public IP, and NSG nsg-public on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyInternet (priority 100, Deny). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-public',
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyInternet (priority 100, Deny)',
          },
        ],
      },
    ]);
  });

  it('stays silent when the allow has a lower priority number than the deny', () => {
    expectNoFindings('AMLNET105', withPublicIpCluster([denyAll({ priority: 200 }), allowAml({ priority: 100 })]).t.inventory());
  });

  it('accepts an allow by port range, plural prefixes and the region-suffixed tag', () => {
    const s = withPublicIpCluster([
      allowAml({ source: undefined, sources: ['10.0.0.0/8', 'AzureMachineLearning.westeurope'], destinationPort: '44000-45000' }),
      denyAll(),
    ]);
    expectNoFindings('AMLNET105', s.t.inventory());
    const s2 = withPublicIpCluster([allowAml({ destinationPort: undefined, destinationPorts: ['22', '44224'], source: 'Internet' }), denyAll()]);
    expectNoFindings('AMLNET105', s2.t.inventory());
  });

  it("fires when the allow names another region's tag, only UDP, or only the old Batch ports", () => {
    for (const allow of [
      allowAml({ source: 'AzureMachineLearning.eastus' }),
      allowAml({ protocol: 'Udp' }),
      allowAml({ source: 'BatchNodeManagement', destinationPort: '29876-29877' }),
      allowAml({ source: 'VirtualNetwork' }),
    ]) {
      const s = withPublicIpCluster([allow]);
      expectFindings('AMLNET105', s.t.inventory(), [
        {
          resourceId: s.cluster,
          severity: 'high',
          message:
            'AmlCompute pub-cluster has a public IP, and NSG nsg-public on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
          evidence: [
            {
              resourceId:
                '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-public',
              property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
              expected: 'Allow',
              actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
            },
          ],
        },
      ]);
    }
  });

  it('stays silent for a subnet without an NSG, an NSG it cannot see, and a compute without a public IP', () => {
    expectNoFindings('AMLNET105', withPublicIpCluster(null).t.inventory());
    expectNoFindings('AMLNET105', withPublicIpCluster([], { enableNodePublicIp: false }).t.inventory());
    const s = privateWorkspace();
    const v = s.t.vnet('vnet-hidden-nsg', {
      subnets: [
        {
          name: 'train',
          prefix: '10.80.1.0/24',
          nsg: '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/nsg-elsewhere',
        },
      ],
    });
    s.t.compute(s.ws, 'pub', { type: 'AmlCompute', subnet: v.subnet('train') });
    expectNoFindings('AMLNET105', s.t.inventory());
  });

  it('compares subnet and NSG ids case-insensitively', () => {
    const s = privateWorkspace();
    const nsg = s.t.nsg('nsg-case', []);
    const v = s.t.vnet('vnet-case', {
      subnets: [{ name: 'train', prefix: '10.90.1.0/24', nsg: nsg.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') }],
    });
    const c = s.t.compute(s.ws, 'pub', {
      type: 'AmlCompute',
      subnet: v.subnet('train').replace('resourceGroups', 'resourcegroups').replace('virtualNetworks', 'VIRTUALNETWORKS'),
    });
    expectFindings('AMLNET105', s.t.inventory(), [
      {
        resourceId: c,
        severity: 'high',
        related: [nsg],
        message:
          'AmlCompute pub has a public IP, and NSG nsg-case on subnet train denies inbound TCP 44224 from AzureMachineLearning through rule DenyAllInBound (priority 65500, Deny, default rule). Allow that traffic with a lower priority number, or recreate the compute without a public IP.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/networkSecurityGroups/nsg-case',
            property: 'securityRules / defaultSecurityRules (first match for inbound TCP 44224 from AzureMachineLearning)',
            expected: 'Allow',
            actual: 'Deny by DenyAllInBound (priority 65500, Deny, default rule)',
          },
        ],
      },
    ]);
  });
});
