import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET201 online-endpoint-public-access', () => {
  it('stays silent on an endpoint with public access disabled', () => {
    const s = privateWorkspace();
    s.t.onlineEndpoint(s.ws, 'ep-closed', { publicNetworkAccess: 'Disabled' });
    expectNoFindings('AMLNET201', s.t.inventory());
  });

  it('fires on an endpoint open to public networks in a workspace closed to them', () => {
    const s = privateWorkspace();
    const ep = s.t.onlineEndpoint(s.ws, 'ep-open', { publicNetworkAccess: 'Enabled' });
    s.t.onlineEndpoint(s.ws, 'ep-closed', { publicNetworkAccess: 'Disabled' });
    expectFindings('AMLNET201', s.t.inventory(), [
      {
        resourceId: ep,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.ws],
        message:
          "Online endpoint ep-open accepts scoring requests from public networks (publicNetworkAccess Enabled) although workspace ws-private has public access disabled. Set the endpoint's publicNetworkAccess to Disabled.",
        evidence: [
          { resourceId: ep, property: 'properties.publicNetworkAccess', expected: 'Disabled', actual: 'Enabled' },
          { resourceId: s.ws, property: 'properties.publicNetworkAccess', expected: '(context) Disabled', actual: 'Disabled' },
        ],
      },
    ]);
  });

  it('reads the value case-insensitively', () => {
    const s = privateWorkspace();
    const ep = s.t.onlineEndpoint(s.ws, 'ep-lower', { publicNetworkAccess: 'enabled' });
    expectFindings('AMLNET201', s.t.inventory(), [
      {
        resourceId: ep,
        severity: 'medium',
        message:
          "Online endpoint ep-lower accepts scoring requests from public networks (publicNetworkAccess Enabled) although workspace ws-private has public access disabled. Set the endpoint's publicNetworkAccess to Disabled.",
        evidence: [
          { resourceId: ep, property: 'properties.publicNetworkAccess', expected: 'Disabled', actual: 'enabled' },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-private',
            property: 'properties.publicNetworkAccess',
            expected: '(context) Disabled',
            actual: 'Disabled',
          },
        ],
      },
    ]);
  });

  it('treats a missing publicNetworkAccess on the endpoint as unknown, not enabled', () => {
    const s = privateWorkspace();
    s.t.onlineEndpoint(s.ws, 'ep-unknown');
    expectNoFindings('AMLNET201', s.t.inventory());
  });

  it('does not apply when the workspace itself has public access enabled', () => {
    const s = privateWorkspace();
    (s.t.find(s.ws)!.properties as any).publicNetworkAccess = 'Enabled';
    s.t.onlineEndpoint(s.ws, 'ep-open', { publicNetworkAccess: 'Enabled' });
    expectNoFindings('AMLNET201', s.t.inventory());
  });

  it('does not apply when public access is on through allowPublicAccessWhenBehindVnet', () => {
    const s = privateWorkspace();
    (s.t.find(s.ws)!.properties as any).allowPublicAccessWhenBehindVnet = true;
    s.t.onlineEndpoint(s.ws, 'ep-open', { publicNetworkAccess: 'Enabled' });
    expectNoFindings('AMLNET201', s.t.inventory());
  });

  it('counts an older private workspace without publicNetworkAccess as closed', () => {
    const s = privateWorkspace();
    delete (s.t.find(s.ws)!.properties as any).publicNetworkAccess;
    const ep = s.t.onlineEndpoint(s.ws, 'ep-open', { publicNetworkAccess: 'Enabled' });
    expectFindings('AMLNET201', s.t.inventory(), [
      {
        resourceId: ep,
        severity: 'medium',
        message:
          "Online endpoint ep-open accepts scoring requests from public networks (publicNetworkAccess Enabled) although workspace ws-private has public access disabled. Set the endpoint's publicNetworkAccess to Disabled.",
        evidence: [
          { resourceId: ep, property: 'properties.publicNetworkAccess', expected: 'Disabled', actual: 'Enabled' },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-private',
            property: 'properties.publicNetworkAccess',
            expected: '(context) Disabled',
            actual: 'absent',
          },
        ],
      },
    ]);
  });
});
