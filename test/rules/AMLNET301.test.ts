import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace } from '../support/scenarios';

describe('AMLNET301 studio-datastore-identity', () => {
  it('stays silent when datastores use the workspace identity', () => {
    expectNoFindings('AMLNET301', privateWorkspace().inventory());
  });

  it('fires for None and for an absent identity on a restricted account, naming the blocked features', () => {
    const s = privateWorkspace();
    const stName = s.storage.split('/').pop()!;
    const none = s.t.datastore(s.ws, 'images', { accountName: stName, identity: 'None' });
    const absent = s.t.datastore(s.ws, 'lake', { type: 'AzureDataLakeGen2', accountName: stName.toUpperCase() });
    expectFindings('AMLNET301', s.t.inventory(), [
      {
        resourceId: none,
        severity: 'medium',
        message:
          "Datastore images points at restricted storage account stwsprivate and does not use the workspace managed identity (serviceDataAccessAuthIdentity is None): studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project stay blocked.",
        evidence: [
          {
            resourceId: none,
            property: 'properties.serviceDataAccessAuthIdentity',
            expected: 'WorkspaceSystemAssignedIdentity or WorkspaceUserAssignedIdentity',
            actual: 'None',
          },
        ],
      },
      {
        resourceId: absent,
        severity: 'medium',
        message:
          "Datastore lake points at restricted storage account stwsprivate and does not use the workspace managed identity (serviceDataAccessAuthIdentity is absent): studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project stay blocked.",
        evidence: [
          {
            resourceId: absent,
            property: 'properties.serviceDataAccessAuthIdentity',
            expected: 'WorkspaceSystemAssignedIdentity or WorkspaceUserAssignedIdentity',
            actual: 'absent',
          },
        ],
      },
    ]);
  });

  it('ignores datastores on open storage accounts and non-storage datastores', () => {
    const s = privateWorkspace();
    s.t.storage('stopen', { defaultAction: 'Allow' });
    s.t.datastore(s.ws, 'open', { accountName: 'stopen', identity: 'None' });
    s.t.datastore(s.ws, 'onelake', { type: 'OneLake', accountName: s.storage.split('/').pop()!, identity: 'None' });
    expectNoFindings('AMLNET301', s.t.inventory());
  });
});
