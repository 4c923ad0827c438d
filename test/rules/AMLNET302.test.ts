import { buildModel } from '../../src/model/build';
import { RULES } from '../../src/rules';
import { evaluate } from '../../src/rules/engine';
import { expectFindings, expectNoFindings } from '../support/rule-tester';
import { privateWorkspace, SUB, type PrivateWorkspace } from '../support/scenarios';

const BLOB_DATA_READER = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1';
const BLOB_DATA_CONTRIBUTOR = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const STORAGE_ACCOUNT_CONTRIBUTOR = '17d1049b-9a84-46fb-8f53-869881c3d3ab';

/** Drops the role assignments privateWorkspace() grants (data read on the account, Reader on the resource group). */
function withoutGrants(s: PrivateWorkspace, which: 'data' | 'reader' | 'both'): PrivateWorkspace {
  const drop = (guid: string) => {
    const i = s.t.resources.findIndex(
      (r) =>
        (r.type ?? '').toLowerCase() === 'microsoft.authorization/roleassignments' && String((r.properties as any).roleDefinitionId).endsWith(guid),
    );
    if (i < 0) throw new Error(`no assignment of ${guid}`);
    s.t.resources.splice(i, 1);
  };
  if (which !== 'reader') drop(BLOB_DATA_READER);
  if (which !== 'data') drop(READER);
  return s;
}

const rg = (_s: PrivateWorkspace) => `/subscriptions/${SUB}/resourceGroups/rg-ml`;
const pe = (s: PrivateWorkspace, name: string) => s.t.id('Microsoft.Network', 'privateEndpoints', name);

describe('AMLNET302 studio-workspace-identity-role', () => {
  it("stays silent on the recommended setup (data read on the account, Reader on the endpoints' resource group)", () => {
    expectNoFindings('AMLNET302', privateWorkspace().inventory());
  });

  it('fires on the storage account when the identity has no blob data read', () => {
    const s = withoutGrants(privateWorkspace(), 'data');
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        workspaceId: s.ws,
        related: [s.ws, `${s.ws}/datastores/workspaceblobstore`],
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks blob data read (Storage Blob Data Reader) on stwsprivate, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId: s.storage,
            property: 'role assignments for principal ws-private-principal',
            expected: 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('fires when the identity lacks Reader on the blob and file private endpoints, naming them', () => {
    const s = withoutGrants(privateWorkspace(), 'reader');
    const f = expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        related: [pe(s, 'pe-stwsprivate-blob'), pe(s, 'pe-stwsprivate-file')],
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks Reader on private endpoints pe-stwsprivate-blob, pe-stwsprivate-file, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-blob',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-file',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
    expect(f[0].message).not.toContain('Storage Blob Data Reader');
    expect(f[0].evidence.map((e) => e.resourceId.toLowerCase()).sort()).toEqual(
      [pe(s, 'pe-stwsprivate-blob'), pe(s, 'pe-stwsprivate-file')].map((x) => x.toLowerCase()).sort(),
    );
  });

  it('names only the endpoint still missing Reader', () => {
    const s = withoutGrants(privateWorkspace(), 'reader');
    s.t.roleAssignment(pe(s, 'pe-stwsprivate-blob'), s.principalId, READER);
    const [f] = expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks Reader on private endpoint pe-stwsprivate-file, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-file',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
    expect(f.message).not.toContain('pe-stwsprivate-blob');
  });

  it('requires Reader on a dfs endpoint too, but not on a queue endpoint', () => {
    const s = withoutGrants(privateWorkspace(), 'reader');
    s.t.roleAssignment(pe(s, 'pe-stwsprivate-blob'), s.principalId, READER);
    s.t.roleAssignment(pe(s, 'pe-stwsprivate-file'), s.principalId, READER);
    const dfs = s.t.privateEndpoint('pe-stwsprivate-dfs', { subnet: s.peSubnet, target: s.storage, groupId: 'dfs' });
    s.t.privateEndpoint('pe-stwsprivate-queue', { subnet: s.peSubnet, target: s.storage, groupId: 'queue' });
    const [f] = expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        related: [dfs],
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks Reader on private endpoint pe-stwsprivate-dfs, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-dfs',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
    expect(f.message).not.toContain('queue');
  });

  it('does not ask for Reader on a Pending endpoint', () => {
    const s = withoutGrants(privateWorkspace(), 'reader');
    s.t.roleAssignment(pe(s, 'pe-stwsprivate-blob'), s.principalId, READER);
    s.t.roleAssignment(pe(s, 'pe-stwsprivate-file'), s.principalId, READER);
    s.t.privateEndpoint('pe-stwsprivate-pending', { subnet: s.peSubnet, target: s.storage, groupId: 'blob', status: 'Pending' });
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('counts subscription-scope assignments with tenant-level role definition ids', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    s.t.roleAssignment(`/subscriptions/${SUB}`, s.principalId, BLOB_DATA_READER, 'tenant');
    s.t.roleAssignment(`/subscriptions/${SUB}`, s.principalId, READER, 'tenant');
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('counts management-group and tenant-root assignments', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    s.t.roleAssignment('/providers/Microsoft.Management/managementGroups/mg-platform', s.principalId, BLOB_DATA_READER, 'tenant');
    s.t.roleAssignment('/', s.principalId, READER, 'tenant');
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('accepts the Contributor and Owner variants of both roles', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    s.t.roleAssignment(s.storage, s.principalId, BLOB_DATA_CONTRIBUTOR);
    s.t.roleAssignment(rg(s), s.principalId, OWNER);
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('does not count a control-plane role for data read', () => {
    const s = withoutGrants(privateWorkspace(), 'data');
    s.t.roleAssignment(s.storage, s.principalId, STORAGE_ACCOUNT_CONTRIBUTOR);
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks blob data read (Storage Blob Data Reader) on stwsprivate, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId: s.storage,
            property: 'role assignments for principal ws-private-principal',
            expected: 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('compares scopes on a path boundary: rg-m does not cover rg-ml', () => {
    const s = withoutGrants(privateWorkspace(), 'reader');
    s.t.roleAssignment(`/subscriptions/${SUB}/resourceGroups/rg-m`, s.principalId, READER);
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks Reader on private endpoints pe-stwsprivate-blob, pe-stwsprivate-file, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-blob',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
          {
            resourceId:
              '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/Microsoft.Network/privateEndpoints/pe-stwsprivate-file',
            property: 'role assignments for principal ws-private-principal',
            expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('compares scopes and principal ids case-insensitively', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    s.t.roleAssignment(s.storage.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'), s.principalId.toUpperCase(), BLOB_DATA_READER);
    s.t.roleAssignment(`/subscriptions/${SUB}/resourcegroups/RG-ML`, s.principalId, READER);
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('does not count an assignment to another principal', () => {
    const s = withoutGrants(privateWorkspace(), 'data');
    s.t.roleAssignment(s.storage, 'someone-else', BLOB_DATA_READER);
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: s.storage,
        severity: 'medium',
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks blob data read (Storage Blob Data Reader) on stwsprivate, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores workspaceblobstore, workspacefilestore. Assign the missing roles.",
        evidence: [
          {
            resourceId: s.storage,
            property: 'role assignments for principal ws-private-principal',
            expected: 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('checks a non-default restricted account behind another datastore, once per account', () => {
    const s = privateWorkspace();
    const other = s.t.storage('stlabels', { publicNetworkAccess: 'Disabled', defaultAction: 'Deny' });
    s.t.datastore(s.ws, 'labels', { accountName: 'stlabels', identity: 'WorkspaceSystemAssignedIdentity' });
    s.t.datastore(s.ws, 'labels-lake', { type: 'AzureDataLakeGen2', accountName: 'STLABELS', identity: 'WorkspaceSystemAssignedIdentity' });
    expectFindings('AMLNET302', s.t.inventory(), [
      {
        resourceId: other,
        severity: 'medium',
        message:
          "Workspace ws-private's managed identity (ws-private-principal) lacks blob data read (Storage Blob Data Reader) on stlabels, so studio's data preview, designer visualization, designer deployment, AutoML submission, starting a labeling project fail on datastores labels, labels-lake. Assign the missing roles.",
        evidence: [
          {
            resourceId: other,
            property: 'role assignments for principal ws-private-principal',
            expected: 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope',
            actual: 'none',
          },
        ],
      },
    ]);
  });

  it('ignores open accounts, non-storage datastores and accounts outside the scan', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    (s.t.find(s.storage)!.properties as any).publicNetworkAccess = 'Enabled';
    (s.t.find(s.storage)!.properties as any).networkAcls.defaultAction = 'Allow';
    s.t.datastore(s.ws, 'onelake', { type: 'OneLake', accountName: 'stlabels' });
    s.t.datastore(s.ws, 'elsewhere', { accountName: 'stnotscanned' });
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('skips a workspace without a visible managed identity principal (unknown)', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    delete (s.t.find(s.ws) as any).identity;
    expectNoFindings('AMLNET302', s.t.inventory());
  });

  it('is left unevaluated, and reported by AMLNET900, when role assignments cannot be read', () => {
    const s = withoutGrants(privateWorkspace(), 'both');
    s.t.gap({
      kind: 'roleAssignments',
      scope: `/subscriptions/${SUB}`,
      reason: 'error',
      status: 403,
      code: 'AuthorizationFailed',
      message: 'no read on Microsoft.Authorization',
    });
    const { findings, gaps } = evaluate(buildModel(s.t.inventory()), RULES);
    expect(gaps.filter((g) => g.ruleId === 'AMLNET302')).toEqual([{ ruleId: 'AMLNET302', reason: 'could not read roleAssignments' }]);
    expect(findings.filter((f) => f.ruleId === 'AMLNET302')).toEqual([]);
    const f900 = findings.filter((f) => f.ruleId === 'AMLNET900');
    expect(f900).toHaveLength(1);
    expect(f900[0].message).toContain('AMLNET302');
    expect(f900[0].message).toContain('roleAssignments');
  });
});
