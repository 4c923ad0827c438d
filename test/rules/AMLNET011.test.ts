import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';
import { props, publicWorkspace } from '../support/public-workspace';

describe('AMLNET011 image-build-compute', () => {
  it('stays silent on the recommended setup (imageBuildCompute names the AmlCompute cluster)', () => {
    expectNoFindings('AMLNET011', privateWorkspace().inventory());
  });

  it.each([
    [
      'absent',
      (p: any) => {
        delete p.imageBuildCompute;
      },
      'is not set, so images are built on serverless compute',
      'absent or empty',
    ],
    [
      'empty',
      (p: any) => {
        p.imageBuildCompute = '';
      },
      'is not set, so images are built on serverless compute',
      'absent or empty',
    ],
    [
      'null',
      (p: any) => {
        p.imageBuildCompute = null;
      },
      'is not set, so images are built on serverless compute',
      'absent or empty',
    ],
    [
      'blank',
      (p: any) => {
        p.imageBuildCompute = ' ';
      },
      'is not set, so images are built on serverless compute',
      'absent or empty',
    ],
    [
      'a compute that does not exist',
      (p: any) => {
        p.imageBuildCompute = 'gone-cluster';
      },
      'names gone-cluster, which is not a compute of the workspace',
      'gone-cluster',
    ],
    [
      'a compute instance',
      (p: any) => {
        p.imageBuildCompute = 'ci-ws-private';
      },
      'names ci-ws-private, a ComputeInstance, not a compute cluster (AmlCompute)',
      'ci-ws-private',
    ],
  ])('fires when imageBuildCompute is %s', (_case, change, says, actual) => {
    const s = privateWorkspace();
    change(props(s.t, s.ws));
    expectFindings('AMLNET011', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        workspaceId: s.ws,
        related: [s.storage, s.registry],
        message:
          `Workspace ws-private: imageBuildCompute ${says}, but its container registry acrwsprivate (publicNetworkAccess Disabled, networkRuleSet.defaultAction Deny) ` +
          'and storage account stwsprivate (publicNetworkAccess Disabled, networkAcls.defaultAction Deny) are network restricted, so image builds fail. ' +
          'Set imageBuildCompute to a CPU compute cluster in the VNet of those resources.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.imageBuildCompute',
            expected: 'the name of an AmlCompute cluster of the workspace (cpu-cluster)',
            actual,
          },
        ],
      },
    ]);
  });

  it('fires when only the registry is restricted', () => {
    const s = publicWorkspace();
    props(s.t, s.registry).publicNetworkAccess = 'Disabled';
    expectFindings('AMLNET011', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          'Workspace ws-public: imageBuildCompute is not set, so images are built on serverless compute, but its container registry acrwspublic (publicNetworkAccess Disabled, networkRuleSet.defaultAction absent) is network restricted, so image builds fail. Set imageBuildCompute to a CPU compute cluster in the VNet of those resources.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.imageBuildCompute',
            expected: 'the name of an AmlCompute cluster of the workspace (cpu-cluster)',
            actual: 'absent or empty',
          },
        ],
      },
    ]);
  });

  it('fires when only the storage is restricted, with no container registry yet', () => {
    const s = publicWorkspace();
    props(s.t, s.storage).networkAcls.defaultAction = 'Deny';
    delete props(s.t, s.ws).containerRegistry;
    expectFindings('AMLNET011', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          'Workspace ws-public: imageBuildCompute is not set, so images are built on serverless compute, but its storage account stwspublic (publicNetworkAccess Enabled, networkAcls.defaultAction Deny) is network restricted, so image builds fail. Set imageBuildCompute to a CPU compute cluster in the VNet of those resources.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.imageBuildCompute',
            expected: 'the name of an AmlCompute cluster of the workspace (cpu-cluster)',
            actual: 'absent or empty',
          },
        ],
      },
    ]);
  });

  it('does not count a compute of another workspace with the same name', () => {
    const s = privateWorkspace();
    const other = privateWorkspace({ name: 'ws-other', t: s.t });
    s.t.compute(other.ws, 'builder', { type: 'AmlCompute' });
    props(s.t, s.ws).imageBuildCompute = 'builder';
    expectFindings('AMLNET011', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'high',
        message:
          'Workspace ws-private: imageBuildCompute names builder, which is not a compute of the workspace, but its container registry acrwsprivate (publicNetworkAccess Disabled, networkRuleSet.defaultAction Deny) and storage account stwsprivate (publicNetworkAccess Disabled, networkAcls.defaultAction Deny) are network restricted, so image builds fail. Set imageBuildCompute to a CPU compute cluster in the VNet of those resources.',
        evidence: [
          {
            resourceId: s.ws,
            property: 'properties.imageBuildCompute',
            expected: 'the name of an AmlCompute cluster of the workspace (cpu-cluster)',
            actual: 'builder',
          },
        ],
      },
    ]);
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
