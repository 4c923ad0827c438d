import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET008 trusted-services-bypass', () => {
  it('stays silent on the recommended setup', () => {
    expectNoFindings('AMLNET008', privateWorkspace().inventory());
  });

  it('accepts AzureServices within a list such as "Logging, Metrics, AzureServices"', () => {
    const s = privateWorkspace();
    (s.t.find(s.storage)!.properties as any).networkAcls.bypass = 'Logging, Metrics, AzureServices';
    expectNoFindings('AMLNET008', s.t.inventory());
  });

  it('fires for each restricted dependency without the exception', () => {
    const s = privateWorkspace();
    (s.t.find(s.storage)!.properties as any).networkAcls.bypass = 'Logging, Metrics';
    (s.t.find(s.keyVault)!.properties as any).networkAcls.bypass = 'None';
    (s.t.find(s.registry)!.properties as any).networkRuleBypassOptions = 'None';
    expectFindings('AMLNET008', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'high',
        workspaceId: s.ws,
        message:
          'The storage account stwsprivate of workspace ws-private is restricted but does not let trusted Microsoft services through (networkAcls.bypass / networkAcls.resourceAccessRules is Logging, Metrics; expected AzureServices, or a resource access rule for ws-private).',
        evidence: [
          {
            resourceId: s.storage,
            property: 'networkAcls.bypass / networkAcls.resourceAccessRules',
            expected: 'AzureServices, or a resource access rule for ws-private',
            actual: 'Logging, Metrics',
          },
        ],
      },
      {
        resourceId: s.keyVault,
        severity: 'high',
        workspaceId: s.ws,
        message:
          'The key vault kv-ws-private of workspace ws-private is restricted but does not let trusted Microsoft services through (properties.networkAcls.bypass is None; expected AzureServices).',
        evidence: [{ resourceId: s.keyVault, property: 'properties.networkAcls.bypass', expected: 'AzureServices', actual: 'None' }],
      },
      {
        resourceId: s.registry,
        severity: 'high',
        workspaceId: s.ws,
        message:
          'The container registry acrwsprivate of workspace ws-private is restricted but does not let trusted Microsoft services through (properties.networkRuleBypassOptions is None; expected AzureServices).',
        evidence: [{ resourceId: s.registry, property: 'properties.networkRuleBypassOptions', expected: 'AzureServices', actual: 'None' }],
      },
    ]);
  });

  it('accepts a resource access rule for the workspace instead of bypass on storage', () => {
    const s = privateWorkspace();
    const acls = (s.t.find(s.storage)!.properties as any).networkAcls;
    acls.bypass = 'None';
    acls.resourceAccessRules = [{ tenantId: 't', resourceId: s.ws.toLowerCase() }];
    expectNoFindings('AMLNET008', s.t.inventory());
  });

  it('ignores open dependencies and a registry whose bypass setting is absent (unknown)', () => {
    const s = privateWorkspace();
    const st = s.t.find(s.storage)!.properties as any;
    st.publicNetworkAccess = 'Enabled';
    st.networkAcls.defaultAction = 'Allow';
    st.networkAcls.bypass = 'None';
    delete (s.t.find(s.registry)!.properties as any).networkRuleBypassOptions;
    expectNoFindings('AMLNET008', s.t.inventory());
  });
});
