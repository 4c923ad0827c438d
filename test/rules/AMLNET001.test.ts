import { expectFindings, expectNoFindings, runRule } from '../support/rule-tester';
import { privateWorkspace, SUB2 } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

describe('AMLNET001 workspace-no-network-isolation', () => {
  it('fires on the seed\'s "no virtual network" row', () => {
    const s = publicWorkspace();
    const [f] = expectFindings('AMLNET001', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.storage, s.keyVault, s.registry],
        message:
          'Workspace ws-public has no network isolation: it accepts public traffic, has no Approved private endpoint or managed VNet, its storage account stwspublic, key vault kv-ws-public and container registry acrwspublic accept traffic from all networks, and no compute is in a VNet. Enable the managed virtual network, or put the workspace and its resources behind private endpoints.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess',
            expected: 'Disabled (reached through a private endpoint)',
            actual: 'Enabled',
          },
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.isolationMode',
            expected: 'AllowInternetOutbound or AllowOnlyApprovedOutbound',
            actual: 'absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.KeyVault/vaults/kv-ws-public',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.ContainerRegistry/registries/acrwspublic',
            property: 'properties.publicNetworkAccess / properties.networkRuleSet.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkRuleSet.defaultAction absent',
          },
        ],
      },
    ]);
    expect(f.evidence.map((e) => e.property)).toContain('properties.publicNetworkAccess');
  });

  it('fires on an older workspace without publicNetworkAccess and without private endpoints', () => {
    const s = publicWorkspace({ publicNetworkAccess: null });
    expectFindings('AMLNET001', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-public has no network isolation: it accepts public traffic, has no Approved private endpoint or managed VNet, its storage account stwspublic, key vault kv-ws-public and container registry acrwspublic accept traffic from all networks, and no compute is in a VNet. Enable the managed virtual network, or put the workspace and its resources behind private endpoints.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess',
            expected: 'Disabled (reached through a private endpoint)',
            actual: 'absent (public)',
          },
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.isolationMode',
            expected: 'AllowInternetOutbound or AllowOnlyApprovedOutbound',
            actual: 'absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.KeyVault/vaults/kv-ws-public',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.ContainerRegistry/registries/acrwspublic',
            property: 'properties.publicNetworkAccess / properties.networkRuleSet.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkRuleSet.defaultAction absent',
          },
        ],
      },
    ]);
  });

  it('fires on a workspace with no container registry yet', () => {
    const s = publicWorkspace();
    delete props(s.t, s.ws).containerRegistry;
    expectFindings('AMLNET001', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-public has no network isolation: it accepts public traffic, has no Approved private endpoint or managed VNet, its storage account stwspublic and key vault kv-ws-public accept traffic from all networks, and no compute is in a VNet. Enable the managed virtual network, or put the workspace and its resources behind private endpoints.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess',
            expected: 'Disabled (reached through a private endpoint)',
            actual: 'Enabled',
          },
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.isolationMode',
            expected: 'AllowInternetOutbound or AllowOnlyApprovedOutbound',
            actual: 'absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.KeyVault/vaults/kv-ws-public',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
        ],
      },
    ]);
  });

  it('fires when a dependency in a scanned subscription is gone (a 404 is absent, not unknown)', () => {
    const s = publicWorkspace();
    props(s.t, s.ws).containerRegistry = s.registry.replace('acrwspublic', 'acrdeleted');
    expectFindings('AMLNET001', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'Workspace ws-public has no network isolation: it accepts public traffic, has no Approved private endpoint or managed VNet, its storage account stwspublic and key vault kv-ws-public accept traffic from all networks, and no compute is in a VNet. Enable the managed virtual network, or put the workspace and its resources behind private endpoints.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.publicNetworkAccess',
            expected: 'Disabled (reached through a private endpoint)',
            actual: 'Enabled',
          },
          {
            resourceId: s.ws,
            property: 'properties.managedNetwork.isolationMode',
            expected: 'AllowInternetOutbound or AllowOnlyApprovedOutbound',
            actual: 'absent',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.Storage/storageAccounts/stwspublic',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-public/providers/Microsoft.KeyVault/vaults/kv-ws-public',
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled / Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
        ],
      },
    ]);
  });

  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET001', privateWorkspace().inventory());
  });

  it('stays silent when any dependency is restricted (storage, key vault or registry)', () => {
    for (const [which, change] of [
      [
        'storage',
        (p: any) => {
          p.networkAcls.defaultAction = 'Deny';
        },
      ],
      [
        'keyVault',
        (p: any) => {
          p.publicNetworkAccess = 'Disabled';
        },
      ],
      [
        'registry',
        (p: any) => {
          p.publicNetworkAccess = 'Disabled';
        },
      ],
    ] as const) {
      const s = publicWorkspace();
      change(props(s.t, s[which]));
      expectNoFindings('AMLNET001', s.t.inventory());
    }
  });

  it('stays silent when a compute is in a subnet', () => {
    const s = publicWorkspace();
    const vnet = s.t.vnet('vnet-train', { subnets: [{ name: 'train', prefix: '10.0.1.0/24' }] });
    s.t.compute(s.ws, 'ci-train', { type: 'ComputeInstance', subnet: vnet.subnet('train') });
    expectNoFindings('AMLNET001', s.t.inventory());
  });

  it('stays silent with an Approved workspace private endpoint, even with public access and open dependencies', () => {
    const s = publicWorkspace();
    const vnet = s.t.vnet('vnet-pe', { subnets: [{ name: 'pe', prefix: '10.0.1.0/24' }] });
    s.t.privateEndpoint('pe-ws', { subnet: vnet.subnet('pe'), target: s.ws, groupId: 'amlworkspace' });
    expectNoFindings('AMLNET001', s.t.inventory());
  });

  it('stays silent on a managed VNet', () => {
    const s = publicWorkspace();
    props(s.t, s.ws).managedNetwork = { isolationMode: 'AllowInternetOutbound', outboundRules: {} };
    expectNoFindings('AMLNET001', s.t.inventory());
  });

  it('does not guess when a dependency is in a subscription the scan did not cover', () => {
    const s = publicWorkspace();
    props(s.t, s.ws).keyVault = s.keyVault.replace(/\/subscriptions\/[^/]+/, `/subscriptions/${SUB2}`);
    expectNoFindings('AMLNET001', s.t.inventory());
  });

  it('resolves dependency ids in other casing', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    props(s.t, s.ws).storageAccount = s.storage.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectNoFindings('AMLNET001', s.t.inventory());
  });

  it('is left unevaluated when computes could not be read', () => {
    const s = publicWorkspace();
    s.t.gap({ kind: 'computes', scope: s.ws, reason: 'error', status: 403, message: 'forbidden' });
    const { findings, gaps } = runRule('AMLNET001', s.t.inventory());
    expect(findings).toEqual([]);
    expect(gaps).toEqual([{ ruleId: 'AMLNET001', reason: 'not evaluated for workspace ws-public: could not read computes', workspaceIds: [s.ws] }]);
  });
});
