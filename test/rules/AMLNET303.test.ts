import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function withJob(datastore: 'default' | 'other', mlAssist = true) {
  const s = privateWorkspace();
  s.t.storage('stlabels', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  s.t.datastore(s.ws, 'labels', { accountName: 'stlabels', identity: 'WorkspaceSystemAssignedIdentity' });
  const dsName = datastore === 'default' ? 'workspaceblobstore' : 'labels';
  const asset = s.t.dataAsset(
    s.ws,
    'images',
    '1',
    `azureml://subscriptions/x/resourcegroups/rg-ml/workspaces/ws-private/datastores/${dsName}/paths/images/`,
  );
  s.t.labelingJob(s.ws, 'label-cats', { mlAssist, dataId: `azureml:${asset}` });
  return s;
}

describe('AMLNET303 labeling-default-storage', () => {
  it('fires (medium) for an ML-assisted job on the default datastore', () => {
    const s = withJob('default');
    expectFindings('AMLNET303', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'medium',
        message:
          'ML-assisted labeling job label-cats reads data asset images:1 on datastore workspaceblobstore, which is on the default storage account stwsprivate; that account is restricted, which ML-assisted labeling does not support. Move the data to a non-default storage account.',
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-ml/providers/microsoft.machinelearningservices/workspaces/ws-private/labelingjobs/label-cats',
            property: 'dataConfiguration.dataId -> dataUri',
            expected: 'a datastore on a non-default storage account',
            actual: 'datastore workspaceblobstore (default storage stwsprivate)',
          },
        ],
      },
    ]);
  });

  it('stays silent for data on a non-default storage account, or without ML assist', () => {
    expectNoFindings('AMLNET303', withJob('other').t.inventory());
    expectNoFindings('AMLNET303', withJob('default', false).t.inventory());
  });

  it('reports info when the labeling API is unavailable and the default storage is restricted', () => {
    const s = privateWorkspace();
    s.t.gap({ kind: 'labelingJobs', scope: s.ws, reason: 'unavailable', status: 404, message: 'no such API' });
    expectFindings('AMLNET303', s.t.inventory(), [
      {
        resourceId: s.ws,
        severity: 'info',
        message:
          'The labeling-jobs API (preview) is not available for workspace ws-private, so its jobs could not be checked. Its default storage account stwsprivate is restricted: ML-assisted labeling needs data on a non-default storage account.',
        evidence: [{ resourceId: s.ws, property: 'labelingJobs', expected: 'readable (preview API)', actual: 'not available' }],
      },
    ]);
  });

  it('treats an empty job list as none, not as unavailable', () => {
    expectNoFindings('AMLNET303', privateWorkspace().inventory());
  });
});
