import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props } from '../support/public-workspace';

/** Open a dependency of the private workspace to all networks. */
function open(p: any, rulesKey: 'networkAcls' | 'networkRuleSet' = 'networkAcls'): void {
  p.publicNetworkAccess = 'Enabled';
  if (p[rulesKey]) p[rulesKey].defaultAction = 'Allow';
}

describe('AMLNET005 dependency-not-restricted', () => {
  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET005', privateWorkspace().inventory());
  });

  it('fires once per dependency that accepts traffic from all networks', () => {
    const s = privateWorkspace();
    open(props(s.t, s.storage));
    open(props(s.t, s.keyVault));
    open(props(s.t, s.registry), 'networkRuleSet');
    expectFindings('AMLNET005', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.ws],
        message:
          "The storage account stwsprivate of private workspace ws-private accepts traffic from all networks (publicNetworkAccess Enabled, networkAcls.defaultAction Allow). Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.",
        evidence: [
          {
            resourceId: s.storage,
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
        ],
      },
      {
        resourceId: s.keyVault,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "The key vault kv-ws-private of private workspace ws-private accepts traffic from all networks (publicNetworkAccess Enabled, networkAcls.defaultAction Allow). Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.",
        evidence: [
          {
            resourceId: s.keyVault,
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
        ],
      },
      {
        resourceId: s.registry,
        severity: 'high',
        workspaceId: s.ws,
        message:
          "The container registry acrwsprivate of private workspace ws-private accepts traffic from all networks (publicNetworkAccess Enabled, networkRuleSet.defaultAction Allow). Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.publicNetworkAccess / properties.networkRuleSet.defaultAction',
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: 'publicNetworkAccess Enabled, networkRuleSet.defaultAction Allow',
          },
        ],
      },
    ]);
  });

  it('fires for a Standard registry (no network rules possible) that is public', () => {
    const s = privateWorkspace();
    const acr = s.t.registry('acrstandard', { sku: 'Standard' });
    props(s.t, s.ws).containerRegistry = acr;
    expectFindings('AMLNET005', s.t.inventory(), [
      {
        resourceId: acr,
        severity: 'high',
        message:
          "The container registry acrstandard of private workspace ws-private accepts traffic from all networks (publicNetworkAccess Enabled, networkRuleSet.defaultAction absent). Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.",
        evidence: [
          {
            resourceId: acr,
            property: 'properties.publicNetworkAccess / properties.networkRuleSet.defaultAction',
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: 'publicNetworkAccess Enabled, networkRuleSet.defaultAction absent',
          },
        ],
      },
    ]);
  });

  it('counts a firewall with defaultAction Deny as restricted even with publicNetworkAccess Enabled', () => {
    const s = privateWorkspace();
    props(s.t, s.storage).publicNetworkAccess = 'Enabled';
    props(s.t, s.keyVault).publicNetworkAccess = 'Enabled';
    props(s.t, s.registry).publicNetworkAccess = 'Enabled';
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('counts storage SecuredByPerimeter as restricted', () => {
    const s = privateWorkspace();
    open(props(s.t, s.storage));
    props(s.t, s.storage).publicNetworkAccess = 'SecuredByPerimeter';
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('skips the registry of a workspace with no container registry yet', () => {
    const s = privateWorkspace();
    open(props(s.t, s.registry), 'networkRuleSet');
    delete props(s.t, s.ws).containerRegistry;
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('does not apply when the workspace has public access enabled', () => {
    const s = privateWorkspace();
    open(props(s.t, s.keyVault));
    props(s.t, s.ws).publicNetworkAccess = 'Enabled';
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('does not apply when the workspace private endpoint is not Approved', () => {
    const s = privateWorkspace();
    open(props(s.t, s.keyVault));
    props(s.t, s.ws).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('treats a key vault whose payload has neither publicNetworkAccess nor networkAcls as unknown', () => {
    const s = privateWorkspace();
    delete props(s.t, s.keyVault).publicNetworkAccess;
    delete props(s.t, s.keyVault).networkAcls;
    expectNoFindings('AMLNET005', s.t.inventory());
  });

  it('resolves dependency ids in other casing', () => {
    const s = privateWorkspace();
    open(props(s.t, s.keyVault));
    props(s.t, s.ws).keyVault = s.keyVault.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectFindings('AMLNET005', s.t.inventory(), [
      {
        resourceId: s.keyVault,
        severity: 'high',
        message:
          "The key vault kv-ws-private of private workspace ws-private accepts traffic from all networks (publicNetworkAccess Enabled, networkAcls.defaultAction Allow). Restrict it to the workspace's VNet: disable public network access or set the firewall's default action to Deny.",
        evidence: [
          {
            resourceId: s.keyVault,
            property: 'properties.publicNetworkAccess / properties.networkAcls.defaultAction',
            expected: 'Disabled, or a firewall with defaultAction Deny',
            actual: 'publicNetworkAccess Enabled, networkAcls.defaultAction Allow',
          },
        ],
      },
    ]);
  });
});
