import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

function withJob(datastore: 'default' | 'other', mlAssist = true) {
  const s = privateWorkspace();
  s.t.storage('stlabels', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
  s.t.datastore(s.ws, 'labels', { accountName: 'stlabels', identity: 'WorkspaceSystemAssignedIdentity' });
  const dsName = datastore === 'default' ? 'workspaceblobstore' : 'labels';
  const asset = s.t.dataAsset(s.ws, 'images', '1', `azureml://subscriptions/x/resourcegroups/rg-ml/workspaces/ws-private/datastores/${dsName}/paths/images/`);
  s.t.labelingJob(s.ws, 'label-cats', { mlAssist, dataId: `azureml:${asset}` });
  return s;
}

describe('AMLNET303 labeling-default-storage', () => {
  it('fires (medium) for an ML-assisted job on the default datastore', () => {
    const s = withJob('default');
    expectFindings('AMLNET303', s.t.inventory(), [{ resourceId: s.ws, severity: 'medium', messageIncludes: ['label-cats', 'workspaceblobstore'] }]);
  });

  it('stays silent for data on a non-default storage account, or without ML assist', () => {
    expectNoFindings('AMLNET303', withJob('other').t.inventory());
    expectNoFindings('AMLNET303', withJob('default', false).t.inventory());
  });

  it('reports info when the labeling API is unavailable and the default storage is restricted', () => {
    const s = privateWorkspace();
    s.t.gap({ kind: 'labelingJobs', scope: s.ws, reason: 'unavailable', status: 404, message: 'no such API' });
    expectFindings('AMLNET303', s.t.inventory(), [{ resourceId: s.ws, severity: 'info', messageIncludes: ['non-default storage account'] }]);
  });

  it('treats an empty job list as none, not as unavailable', () => {
    expectNoFindings('AMLNET303', privateWorkspace().inventory());
  });
});
