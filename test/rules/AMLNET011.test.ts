import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

describe('AMLNET011 image-build-compute', () => {
  it('stays silent on the recommended setup (imageBuildCompute names the AmlCompute cluster)', () => {
    expectNoFindings('AMLNET011', privateWorkspace().inventory());
  });

  it.each([
    ['absent', (p: any) => { delete p.imageBuildCompute; }, 'not set'],
    ['empty', (p: any) => { p.imageBuildCompute = ''; }, 'not set'],
    ['null', (p: any) => { p.imageBuildCompute = null; }, 'not set'],
    ['blank', (p: any) => { p.imageBuildCompute = ' '; }, 'not set'],
    ['a compute that does not exist', (p: any) => { p.imageBuildCompute = 'gone-cluster'; }, 'gone-cluster'],
    ['a compute instance', (p: any) => { p.imageBuildCompute = 'ci-ws-private'; }, 'ComputeInstance'],
  ])('fires when imageBuildCompute is %s', (_case, change, says) => {
    const s = privateWorkspace();
    change(props(s.t, s.ws));
    expectFindings('AMLNET011', s.t.inventory(), [
      { resourceId: s.ws, severity: 'high', workspaceId: s.ws, messageIncludes: [says], related: [s.storage, s.registry] },
    ]);
  });

  it('fires when only the registry is restricted', () => {
    const s = publicWorkspace();
    props(s.t, s.registry).publicNetworkAccess = 'Disabled';
    expectFindings('AMLNET011', s.t.inventory(), [{ resourceId: s.ws, severity: 'high', messageIncludes: ['container registry acrwspublic'] }]);
  });

  it('fires when only the storage is restricted, with no container registry yet', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    delete props(s.t, s.ws).containerRegistry;
    expectFindings('AMLNET011', s.t.inventory(), [{ resourceId: s.ws, severity: 'high', messageIncludes: ['storage account stwspublic'] }]);
  });

  it('does not count a compute of another workspace with the same name', () => {
    const s = privateWorkspace();
    const other = privateWorkspace({ name: 'ws-other', t: s.t });
    s.t.compute(other.ws, 'builder', { type: 'AmlCompute' });
    props(s.t, s.ws).imageBuildCompute = 'builder';
    expectFindings('AMLNET011', s.t.inventory(), [{ resourceId: s.ws, severity: 'high' }]);
  });

  it('compares compute names case-insensitively', () => {
    const s = privateWorkspace();
    props(s.t, s.ws).imageBuildCompute = 'CPU-Cluster';
    expectNoFindings('AMLNET011', s.t.inventory());
  });

  it('stays silent when neither the registry nor the storage is restricted (serverless builds work)', () => {
    const s = publicWorkspace();
    expectNoFindings('AMLNET011', s.t.inventory());
  });

  it('does not count a restricted key vault', () => {
    const s = publicWorkspace();
    props(s.t, s.keyVault).publicNetworkAccess = 'Disabled';
    expectNoFindings('AMLNET011', s.t.inventory());
  });
});
