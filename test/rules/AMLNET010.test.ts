import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props } from '../support/public-workspace';

describe('AMLNET010 dependency-region', () => {
  it("stays silent when everything is in the workspace's region", () => {
    const s = privateWorkspace();
    props(s.t, s.ws).applicationInsights = s.t.appInsights('appi-ws');
    expectNoFindings('AMLNET010', s.t.inventory());
  });

  it('fires for each dependency and Application Insights in another region', () => {
    const s = privateWorkspace();
    const appi = s.t.appInsights('appi-far', 'northeurope');
    props(s.t, s.ws).applicationInsights = appi;
    for (const id of [s.storage, s.keyVault, s.registry]) s.t.find(id)!.location = 'northeurope';
    expectFindings('AMLNET010', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'info',
        workspaceId: s.ws,
        related: [s.ws],
        message:
          'The storage account stwsprivate of workspace ws-private is in northeurope, the workspace in westeurope: expect extra latency. Prefer a storage account in westeurope.',
        evidence: [{ resourceId: s.storage, property: 'location', expected: 'westeurope', actual: 'northeurope' }],
      },
      {
        resourceId: s.keyVault,
        severity: 'info',
        workspaceId: s.ws,
        message:
          'The key vault kv-ws-private of workspace ws-private is in northeurope, the workspace in westeurope: expect extra latency. Prefer a key vault in westeurope.',
        evidence: [{ resourceId: s.keyVault, property: 'location', expected: 'westeurope', actual: 'northeurope' }],
      },
      {
        resourceId: s.registry,
        severity: 'info',
        workspaceId: s.ws,
        message:
          'The container registry acrwsprivate of workspace ws-private is in northeurope, the workspace in westeurope: expect extra latency. Prefer a container registry in westeurope.',
        evidence: [{ resourceId: s.registry, property: 'location', expected: 'westeurope', actual: 'northeurope' }],
      },
      {
        resourceId: appi,
        severity: 'info',
        workspaceId: s.ws,
        message:
          'The Application Insights appi-far of workspace ws-private is in northeurope, the workspace in westeurope: expect extra latency. Prefer a Application Insights in westeurope.',
        evidence: [{ resourceId: appi, property: 'location', expected: 'westeurope', actual: 'northeurope' }],
      },
    ]);
  });

  it('compares display names and region names alike ("West Europe" is westeurope)', () => {
    const s = privateWorkspace();
    s.t.find(s.storage)!.location = 'West Europe';
    s.t.find(s.ws)!.location = 'WestEurope';
    expectNoFindings('AMLNET010', s.t.inventory());
  });

  it('treats a missing location as unknown', () => {
    const s = privateWorkspace();
    delete s.t.find(s.keyVault)!.location;
    expectNoFindings('AMLNET010', s.t.inventory());
  });

  it('skips a workspace with no container registry or Application Insights', () => {
    const s = privateWorkspace();
    s.t.find(s.registry)!.location = 'eastus';
    delete props(s.t, s.ws).containerRegistry;
    expectNoFindings('AMLNET010', s.t.inventory());
  });

  it('resolves ids in other casing', () => {
    const s = privateWorkspace();
    const appi = s.t.appInsights('appi-casing', 'eastus');
    props(s.t, s.ws).applicationInsights = appi.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/');
    expectFindings('AMLNET010', s.t.inventory(), [
      {
        resourceId: appi,
        severity: 'info',
        message:
          'The Application Insights appi-casing of workspace ws-private is in eastus, the workspace in westeurope: expect extra latency. Prefer a Application Insights in westeurope.',
        evidence: [{ resourceId: appi, property: 'location', expected: 'westeurope', actual: 'eastus' }],
      },
    ]);
  });
});
