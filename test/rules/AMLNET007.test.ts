import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

/** The private workspace with its registry's private endpoint removed (both sides). */
function withoutRegistryEndpoint() {
  const s = privateWorkspace();
  props(s.t, s.registry).privateEndpointConnections = [];
  const peId = s.t.id('Microsoft.Network', 'privateEndpoints', 'pe-acr-ws-private').toLowerCase();
  s.t.resources.splice(
    s.t.resources.findIndex((r) => r.id.toLowerCase() === peId),
    1,
  );
  return s;
}

describe('AMLNET007 acr-private-endpoint', () => {
  it('stays silent on the recommended private setup', () => {
    expectNoFindings('AMLNET007', privateWorkspace().inventory());
  });

  it('gives medium for a Premium registry restricted by network rules only', () => {
    const s = withoutRegistryEndpoint();
    props(s.t, s.registry).publicNetworkAccess = 'Enabled';
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.ws],
        message:
          "The container registry acrwsprivate of secured workspace ws-private has no Approved private endpoint; it is restricted by network rules only (publicNetworkAccess Enabled, networkRuleSet.defaultAction Deny). Add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'none',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Premium' },
        ],
      },
    ]);
  });

  it('gives medium for a Premium registry with public access disabled and no private endpoint', () => {
    const s = withoutRegistryEndpoint();
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'medium',
        message:
          "The container registry acrwsprivate of secured workspace ws-private has no Approved private endpoint; it is restricted by network rules only (publicNetworkAccess Disabled, networkRuleSet.defaultAction Deny). Add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'none',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Premium' },
        ],
      },
    ]);
  });

  it('gives high for an open Premium registry', () => {
    const s = withoutRegistryEndpoint();
    props(s.t, s.registry).publicNetworkAccess = 'Enabled';
    props(s.t, s.registry).networkRuleSet.defaultAction = 'Allow';
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'high',
        message:
          "The container registry acrwsprivate of secured workspace ws-private has no Approved private endpoint; it accepts traffic from all networks (publicNetworkAccess Enabled, networkRuleSet.defaultAction Allow). Add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'none',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Premium' },
        ],
      },
    ]);
  });

  it('gives high for a registry that is not Premium', () => {
    const s = privateWorkspace();
    const acr = s.t.registry('acrbasic', { sku: 'Basic' });
    props(s.t, s.ws).containerRegistry = acr;
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: acr,
        severity: 'high',
        message:
          "The container registry acrbasic of secured workspace ws-private has no Approved private endpoint; it is Basic, which cannot have a private endpoint. Upgrade it to Premium and add a private endpoint in the workspace's VNet.",
        evidence: [
          { resourceId: acr, property: 'properties.privateEndpointConnections', expected: 'an Approved private endpoint connection', actual: 'none' },
          { resourceId: acr, property: 'sku.name', expected: 'Premium', actual: 'Basic' },
        ],
      },
    ]);
  });

  it('gives high when the registry endpoint is only Pending', () => {
    const s = privateWorkspace();
    props(s.t, s.registry).privateEndpointConnections[0].properties.privateLinkServiceConnectionState.status = 'Pending';
    props(s.t, s.registry).publicNetworkAccess = 'Enabled';
    props(s.t, s.registry).networkRuleSet.defaultAction = 'Allow';
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'high',
        message:
          "The container registry acrwsprivate of secured workspace ws-private has no Approved private endpoint (connections: Pending); it accepts traffic from all networks (publicNetworkAccess Enabled, networkRuleSet.defaultAction Allow). Add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'Pending',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Premium' },
        ],
      },
    ]);
  });

  it('applies to a workspace secured by restricted storage alone (no workspace private endpoint)', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'high',
        message:
          "The container registry acrwspublic of secured workspace ws-public has no Approved private endpoint; it is Standard, which cannot have a private endpoint. Upgrade it to Premium and add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'none',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Standard' },
        ],
      },
    ]);
  });

  it('does not apply to a workspace that is not secured', () => {
    expectNoFindings('AMLNET007', publicWorkspace().t.inventory());
  });

  it('skips a workspace with no container registry yet', () => {
    const s = withoutRegistryEndpoint();
    delete props(s.t, s.ws).containerRegistry;
    expectNoFindings('AMLNET007', s.t.inventory());
  });

  it('resolves the registry id in other casing', () => {
    const s = withoutRegistryEndpoint();
    props(s.t, s.ws).containerRegistry = s.registry.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectFindings('AMLNET007', s.t.inventory(), [
      {
        resourceId: s.registry,
        severity: 'medium',
        message:
          "The container registry acrwsprivate of secured workspace ws-private has no Approved private endpoint; it is restricted by network rules only (publicNetworkAccess Disabled, networkRuleSet.defaultAction Deny). Add a private endpoint in the workspace's VNet.",
        evidence: [
          {
            resourceId: s.registry,
            property: 'properties.privateEndpointConnections',
            expected: 'an Approved private endpoint connection',
            actual: 'none',
          },
          { resourceId: s.registry, property: 'sku.name', expected: 'Premium', actual: 'Premium' },
        ],
      },
    ]);
  });
});
