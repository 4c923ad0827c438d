import type { FirewallNetworkRuleSpec } from '../../src/fixtures/builder';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

const FW_IP = '10.0.100.4';
const ALL_TAGS = [
  'AzureActiveDirectory',
  'AzureMachineLearning',
  'BatchNodeManagement.westeurope',
  'AzureResourceManager',
  'Storage.westeurope',
  'AzureFrontDoor.FrontEnd',
  'MicrosoftContainerRegistry',
  'AzureMonitor',
];
const without = (...drop: string[]) => ALL_TAGS.filter((t) => !drop.includes(t));

/**
 * The private workspace with its compute subnet routed (0.0.0.0/0) to a firewall at FW_IP in a hub VNet.
 * `rules`: classic network rule collections; `policy`: the id of a firewall policy instead.
 */
function behindFirewall(opts: {
  classic?: unknown[];
  policy?: (s: ReturnType<typeof privateWorkspace>) => string;
  nextHopIp?: string;
  nextHopType?: string;
}) {
  const s = privateWorkspace();
  const hub = s.t.vnet('vnet-hub', { addressPrefixes: ['10.0.0.0/16'], subnets: [{ name: 'AzureFirewallSubnet', prefix: '10.0.100.0/26' }] });
  s.t.peer(s.vnet, hub);
  const policy = opts.policy ? opts.policy(s) : undefined;
  const firewall = s.t.firewall('fw-hub', {
    subnet: hub.subnet('AzureFirewallSubnet'),
    privateIp: FW_IP,
    policy,
    networkRuleCollections: opts.classic,
  });
  const rt = s.t.routeTable('rt-compute', [
    {
      name: 'to-firewall',
      addressPrefix: '0.0.0.0/0',
      nextHopType: opts.nextHopType ?? 'VirtualAppliance',
      nextHopIpAddress: opts.nextHopIp ?? FW_IP,
    },
  ]);
  const subnet = (s.vnet.resource.properties as any).subnets.find((x: any) => x.name === 'snet-compute');
  subnet.properties.routeTable = { id: rt };
  delete subnet.properties.natGateway;
  return { ...s, firewall, policy, rt };
}

const allowTags = (tags: string[], over: Partial<FirewallNetworkRuleSpec> = {}): FirewallNetworkRuleSpec => ({
  name: 'aml-tags',
  destinationAddresses: tags,
  ...over,
});

describe('AMLNET403 firewall-outbound-rules', () => {
  it('stays silent on the recommended setup (NAT gateway, no firewall)', () => {
    expectNoFindings('AMLNET403', privateWorkspace().inventory());
  });

  describe('classic network rule collections', () => {
    it('stays silent when every required tag is allowed on TCP 443', () => {
      const s = behindFirewall({ classic: [] });
      const coll = s.t.networkRuleCollection('aml', 200, 'Allow', [allowTags(ALL_TAGS)]);
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [coll];
      expectNoFindings('AMLNET403', s.t.inventory());
    });

    it('fires on the firewall, listing the missing tags', () => {
      const s = behindFirewall({ classic: [] });
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [
        s.t.networkRuleCollection('aml', 200, 'Allow', [allowTags(without('Storage.westeurope', 'AzureMonitor'))]),
      ];
      const [f] = expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          workspaceId: s.ws,
          related: [s.cluster, s.instance, s.computeSubnet, s.rt],
          message:
            'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to Storage.westeurope, AzureMonitor. Add an Allow network rule for these service tags.',
          evidence: [
            {
              resourceId: s.firewall,
              property: 'properties.networkRuleCollections',
              expected: 'Allow TCP 443 to every required service tag',
              actual: 'not allowed: Storage.westeurope, AzureMonitor',
            },
          ],
        },
      ]);
      expect(f.message).not.toContain('AzureActiveDirectory');
      expect(f.evidence[0]).toMatchObject({ property: 'properties.networkRuleCollections', actual: 'not allowed: Storage.westeurope, AzureMonitor' });
    });

    it('fires for every tag when the firewall has no network rules at all', () => {
      const s = behindFirewall({ classic: [] });
      const [f] = expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          message:
            'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor. Add an Allow network rule for these service tags.',
          evidence: [
            {
              resourceId: s.firewall,
              property: 'properties.networkRuleCollections',
              expected: 'Allow TCP 443 to every required service tag',
              actual:
                'not allowed: AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor',
            },
          ],
        },
      ]);
      expect(f.message).toContain(ALL_TAGS.join(', '));
    });

    it("lets a tag without region suffix cover the regional one, but not another region's tag", () => {
      const s = behindFirewall({ classic: [] });
      const tags = [...without('Storage.westeurope', 'BatchNodeManagement.westeurope'), 'Storage', 'BatchNodeManagement.eastus'];
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [s.t.networkRuleCollection('aml', 200, 'Allow', [allowTags(tags)])];
      const [f] = expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          message:
            'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to BatchNodeManagement.westeurope. Add an Allow network rule for these service tags.',
          evidence: [
            {
              resourceId: s.firewall,
              property: 'properties.networkRuleCollections',
              expected: 'Allow TCP 443 to every required service tag',
              actual: 'not allowed: BatchNodeManagement.westeurope',
            },
          ],
        },
      ]);
      expect(f.message).not.toContain('Storage');
    });

    it('reads the AzureFirewallGet.json shape: protocols, port ranges and * destinations', () => {
      const ok = behindFirewall({ classic: [] });
      (ok.t.find(ok.firewall)!.properties as any).networkRuleCollections = [
        ok.t.networkRuleCollection('any', 300, 'Allow', [
          { name: 'all', protocols: ['Any'], destinationAddresses: ['*'], destinationPorts: ['400-500'] },
        ]),
      ];
      expectNoFindings('AMLNET403', ok.t.inventory());
      for (const bad of [
        { protocols: ['UDP'] },
        { destinationPorts: ['80', '8443'] },
        { destinationPorts: ['443-444'], sourceAddresses: ['192.168.0.0/24'] },
      ]) {
        const s = behindFirewall({ classic: [] });
        (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [
          s.t.networkRuleCollection('aml', 200, 'Allow', [allowTags(ALL_TAGS, bad)]),
        ];
        expectFindings('AMLNET403', s.t.inventory(), [
          {
            resourceId: s.firewall,
            severity: 'medium',
            message:
              'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor. Add an Allow network rule for these service tags.',
            evidence: [
              {
                resourceId: s.firewall,
                property: 'properties.networkRuleCollections',
                expected: 'Allow TCP 443 to every required service tag',
                actual:
                  'not allowed: AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor',
              },
            ],
          },
        ]);
      }
    });

    it('accepts a source prefix that contains the compute subnet', () => {
      const s = behindFirewall({ classic: [] });
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [
        s.t.networkRuleCollection('aml', 200, 'Allow', [allowTags(ALL_TAGS, { sourceAddresses: ['10.10.0.0/16'] })]),
      ];
      expectNoFindings('AMLNET403', s.t.inventory());
    });

    it('evaluates collections by priority: a Deny with a lower number wins over the Allow', () => {
      const s = behindFirewall({ classic: [] });
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [
        s.t.networkRuleCollection('aml', 300, 'Allow', [allowTags(ALL_TAGS)]),
        s.t.networkRuleCollection('block-storage', 100, 'Deny', [allowTags(['Storage'], { name: 'no-storage' })]),
      ];
      expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          message:
            'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to Storage.westeurope (denied: Storage.westeurope by block-storage/no-storage). Add an Allow network rule for these service tags.',
          evidence: [
            {
              resourceId: s.firewall,
              property: 'properties.networkRuleCollections',
              expected: 'Allow TCP 443 to every required service tag',
              actual: 'not allowed: Storage.westeurope',
            },
          ],
        },
      ]);
      const s2 = behindFirewall({ classic: [] });
      (s2.t.find(s2.firewall)!.properties as any).networkRuleCollections = [
        s2.t.networkRuleCollection('aml', 100, 'Allow', [allowTags(ALL_TAGS)]),
        s2.t.networkRuleCollection('block-storage', 300, 'Deny', [allowTags(['Storage'])]),
      ];
      expectNoFindings('AMLNET403', s2.t.inventory());
    });
  });

  describe('firewall policy rule collection groups', () => {
    it('stays silent when the policy allows every tag', () => {
      const s = behindFirewall({
        policy: (p) =>
          p.t.firewallPolicy('fwp-hub', [
            { name: 'AzureML', priority: 200, collections: [{ name: 'aml', priority: 100, action: 'Allow', rules: [allowTags(ALL_TAGS)] }] },
          ]),
      });
      expectNoFindings('AMLNET403', s.t.inventory());
    });

    it('fires when the policy misses tags, ignoring the classic collections a policy-managed firewall does not use', () => {
      const s = behindFirewall({
        policy: (p) =>
          p.t.firewallPolicy('fwp-hub', [
            {
              name: 'AzureML',
              priority: 200,
              collections: [{ name: 'aml', priority: 100, action: 'Allow', rules: [allowTags(without('MicrosoftContainerRegistry'))] }],
            },
          ]),
      });
      (s.t.find(s.firewall)!.properties as any).networkRuleCollections = [s.t.networkRuleCollection('legacy', 100, 'Allow', [allowTags(ALL_TAGS)])];
      const [f] = expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          related: [s.policy!],
          message:
            "Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its policy fwp-hub's network rules do not allow outbound TCP 443 to MicrosoftContainerRegistry. Add an Allow network rule for these service tags.",
          evidence: [
            {
              resourceId:
                '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/firewallPolicies/fwp-hub',
              property: 'ruleCollectionGroups[].properties.ruleCollections[].rules[] (NetworkRule)',
              expected: 'Allow TCP 443 to every required service tag',
              actual: 'not allowed: MicrosoftContainerRegistry',
            },
          ],
        },
      ]);
      expect(f.evidence[0].resourceId.toLowerCase()).toBe(s.policy!.toLowerCase());
    });

    it('orders groups by priority: a Deny collection in an earlier group wins', () => {
      const s = behindFirewall({
        policy: (p) =>
          p.t.firewallPolicy('fwp-hub', [
            { name: 'AzureML', priority: 300, collections: [{ name: 'aml', priority: 100, action: 'Allow', rules: [allowTags(ALL_TAGS)] }] },
            {
              name: 'Platform',
              priority: 100,
              collections: [{ name: 'deny-aad', priority: 500, action: 'Deny', rules: [allowTags(['AzureActiveDirectory'], { name: 'no-aad' })] }],
            },
          ]),
      });
      expectFindings('AMLNET403', s.t.inventory(), [
        {
          resourceId: s.firewall,
          severity: 'medium',
          message:
            "Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private (subnet snet-compute) but its policy fwp-hub's network rules do not allow outbound TCP 443 to AzureActiveDirectory (denied: AzureActiveDirectory by Platform/deny-aad/no-aad). Add an Allow network rule for these service tags.",
          evidence: [
            {
              resourceId:
                '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/firewallPolicies/fwp-hub',
              property: 'ruleCollectionGroups[].properties.ruleCollections[].rules[] (NetworkRule)',
              expected: 'Allow TCP 443 to every required service tag',
              actual: 'not allowed: AzureActiveDirectory',
            },
          ],
        },
      ]);
    });

    it("reads the base policy's rules first", () => {
      const s = behindFirewall({
        policy: (p) => {
          const base = p.t.firewallPolicy('fwp-base', [
            { name: 'Base', priority: 100, collections: [{ name: 'aml', priority: 100, action: 'Allow', rules: [allowTags(ALL_TAGS)] }] },
          ]);
          return p.t.firewallPolicy('fwp-child', [], { basePolicy: base });
        },
      });
      expectNoFindings('AMLNET403', s.t.inventory());
    });

    it('treats IP-group destinations as allowing (unknown, not bad)', () => {
      const s = behindFirewall({
        policy: (p) =>
          p.t.firewallPolicy('fwp-hub', [
            {
              name: 'G',
              priority: 100,
              collections: [
                {
                  name: 'c',
                  priority: 100,
                  action: 'Allow',
                  rules: [allowTags([], { destinationIpGroups: ['/subscriptions/x/resourceGroups/r/providers/Microsoft.Network/ipGroups/azure'] })],
                },
              ],
            },
          ]),
      });
      expectNoFindings('AMLNET403', s.t.inventory());
    });

    it("stays silent when the firewall's policy is not visible", () => {
      const s = behindFirewall({
        policy: () =>
          '/subscriptions/00000000-0000-0000-0000-00000000ffff/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/fwp-elsewhere',
      });
      expectNoFindings('AMLNET403', s.t.inventory());
    });
  });

  it('stays silent when the next hop is not an Azure Firewall the model knows, or not a virtual appliance', () => {
    expectNoFindings('AMLNET403', behindFirewall({ classic: [], nextHopIp: '10.0.100.99' }).t.inventory());
    expectNoFindings('AMLNET403', behindFirewall({ classic: [], nextHopType: 'VirtualNetworkGateway' }).t.inventory());
  });

  it('yields one finding per firewall for computes of several workspaces and matches route table ids in any casing', () => {
    const s = behindFirewall({ classic: [] });
    const subnet = (s.vnet.resource.properties as any).subnets.find((x: any) => x.name === 'snet-compute');
    subnet.properties.routeTable.id = s.rt.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    const ws2 = s.t.workspace('ws-second', { storage: s.storage, keyVault: s.keyVault });
    const c2 = s.t.compute(ws2, 'second-cluster', { type: 'AmlCompute', subnet: s.computeSubnet, enableNodePublicIp: false });
    expectFindings('AMLNET403', s.t.inventory(), [
      {
        resourceId: s.firewall,
        severity: 'medium',
        related: [s.cluster, c2, ws2],
        message:
          'Azure Firewall fw-hub receives the 0.0.0.0/0 traffic of compute cpu-cluster, ci-ws-private, second-cluster (subnet snet-compute) but its classic network rules do not allow outbound TCP 443 to AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor. Add an Allow network rule for these service tags.',
        evidence: [
          {
            resourceId: s.firewall,
            property: 'properties.networkRuleCollections',
            expected: 'Allow TCP 443 to every required service tag',
            actual:
              'not allowed: AzureActiveDirectory, AzureMachineLearning, BatchNodeManagement.westeurope, AzureResourceManager, Storage.westeurope, AzureFrontDoor.FrontEnd, MicrosoftContainerRegistry, AzureMonitor',
          },
        ],
      },
    ]);
  });
});
