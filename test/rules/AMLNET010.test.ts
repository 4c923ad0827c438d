import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props } from '../support/public-workspace';

describe('AMLNET010 dependency-region', () => {
  it('stays silent when everything is in the workspace\'s region', () => {
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
      { resourceId: s.storage, severity: 'info', workspaceId: s.ws, messageIncludes: ['northeurope', 'westeurope'], related: [s.ws] },
      { resourceId: s.keyVault, severity: 'info', workspaceId: s.ws },
      { resourceId: s.registry, severity: 'info', workspaceId: s.ws },
      { resourceId: appi, severity: 'info', workspaceId: s.ws, messageIncludes: ['Application Insights'] },
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
    expectFindings('AMLNET010', s.t.inventory(), [{ resourceId: appi, severity: 'info' }]);
  });
});
