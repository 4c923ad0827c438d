import { assignmentsGranting, ROLE } from '../../model/rbac';
import type { PrivateEndpoint, StorageAccount } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { BLOCKED_STUDIO_FEATURES, DATASTORES_NEAR_RESTRICTED_STORAGE, LEARN, list, short, STORAGE_DATASTORE_TYPES } from '../helpers';
import { lowerToken } from '../../model/ids';

/** Roles that include blob data read (Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read). */
const BLOB_DATA_READ_ROLES = [ROLE.storageBlobDataReader, ROLE.storageBlobDataContributor, ROLE.storageBlobDataOwner];
/** Roles that include read on the private endpoint resource. */
const READER_ROLES = [ROLE.reader, ROLE.contributor, ROLE.owner];
/** The storage sub-resources studio reaches through a private endpoint. */
const STUDIO_STORAGE_GROUPS = new Set(['blob', 'file', 'dfs']);

export default defineRule({
  meta: {
    id: 'AMLNET302',
    name: 'studio-workspace-identity-role',
    severity: 'medium',
    category: 'studio',
    summary:
      "The workspace's managed identity needs blob data read on restricted datastore accounts and Reader on their blob, file and dfs private endpoints.",
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Optional: enable studio functionality): "If ' +
      'your storage is in a VNet, you must use extra configuration steps to enable full functionality in studio"; by default data preview, designer ' +
      'visualization and deployment, AutoML submission and starting a labeling project are disabled. how-to-enable-studio-virtual-network lists the ' +
      'steps: grant the workspace managed identity the Storage Blob Data Reader role on the account, and "Grant the workspace managed identity the ' +
      "Reader role for storage private endpoints. If your storage service uses a private endpoint, grant the workspace's managed identity Reader " +
      'access to the private endpoint ... A private endpoint is necessary for both blob and file storage types"; an account can have separate ' +
      'endpoints for blob, file and dfs. Assignments inherited from a resource group, subscription or management group count.',
    remediation: {
      text:
        "Assign the workspace's managed identity Storage Blob Data Reader on the storage account, and Reader on each of the account's blob, file " +
        'and dfs private endpoints (or on their resource group).',
      azCli:
        'az role assignment create --assignee-object-id <workspace-principal-id> --assignee-principal-type ServicePrincipal \\\n' +
        '  --role "Storage Blob Data Reader" --scope <storage-account-id>\n' +
        'az role assignment create --assignee-object-id <workspace-principal-id> --assignee-principal-type ServicePrincipal \\\n' +
        '  --role Reader --scope <private-endpoint-id>',
      bicep:
        "resource blobReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  scope: storage\n" +
        "  name: guid(storage.id, workspace.id, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')\n  properties: {\n" +
        "    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')\n" +
        "    principalId: workspace.identity.principalId\n    principalType: 'ServicePrincipal'\n  }\n}\n" +
        "resource peReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {\n  scope: storageBlobPrivateEndpoint\n" +
        "  name: guid(storageBlobPrivateEndpoint.id, workspace.id, 'acdd72a7-3385-48ef-bd42-f606fba81ae7')\n  properties: {\n" +
        "    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')\n" +
        "    principalId: workspace.identity.principalId\n    principalType: 'ServicePrincipal'\n  }\n}",
    },
    links: [LEARN + 'how-to-enable-studio-virtual-network', LEARN + 'how-to-network-security-overview'],
    requires: ['workspaces', 'datastores', 'storageAccounts', 'privateEndpoints', 'roleAssignments'],
    reads: [DATASTORES_NEAR_RESTRICTED_STORAGE],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      // Per account and identity: a datastore on WorkspaceUserAssignedIdentity reaches storage as the
      // workspace's primary user-assigned identity, any other as its system-assigned one.
      const accounts = new Map<string, { storage: StorageAccount; datastores: string[]; principalId: string; identity: string }>();
      for (const ds of ws.datastores) {
        if (!STORAGE_DATASTORE_TYPES.has(lowerToken(ds.datastoreType ?? ''))) continue;
        const storage = model.storageAccountByName(ds.accountName);
        if (!storage || !model.isRestricted(storage)) continue;
        const userAssigned = lowerToken(ds.serviceDataAccessAuthIdentity ?? '') === 'workspaceuserassignedidentity';
        const principalId = userAssigned ? ws.primaryUserAssignedPrincipalId : ws.principalId;
        if (!principalId) continue; // that identity is not visible: unknown
        const identity = userAssigned ? `user-assigned identity ${short(ws.primaryUserAssignedIdentity)}` : 'managed identity';
        const key = `${storage.id} ${principalId}`;
        const entry = accounts.get(key) ?? { storage, datastores: [], principalId, identity };
        entry.datastores.push(ds.id);
        accounts.set(key, entry);
      }
      for (const { storage, datastores, principalId, identity } of accounts.values()) {
        const hasDataRead = assignmentsGranting(model, principalId, storage.id, BLOB_DATA_READ_ROLES).length > 0;
        const endpoints = studioEndpointsOf(model.approvedPrivateEndpointsOf(storage), storage);
        const unreadable = endpoints.filter((pe) => assignmentsGranting(model, principalId, pe.id, READER_ROLES).length === 0);
        if (hasDataRead && unreadable.length === 0) continue;
        const missing: string[] = [];
        if (!hasDataRead) missing.push(`blob data read (Storage Blob Data Reader) on ${storage.name}`);
        if (unreadable.length > 0)
          missing.push(`Reader on private endpoint${unreadable.length > 1 ? 's' : ''} ${list(unreadable.map((pe) => pe.id))}`);
        findings.push({
          resourceId: storage.id,
          workspaceId: ws.id,
          relatedResourceIds: [ws.id, ...datastores, ...unreadable.map((pe) => pe.id)],
          message:
            `Workspace ${ws.name}'s ${identity} (${principalId}) lacks ${missing.join(' and ')}, so studio's ` +
            `${BLOCKED_STUDIO_FEATURES.join(', ')} fail on datastores ${list(datastores)}. Assign the missing roles.`,
          evidence: [
            ...(!hasDataRead
              ? [
                  {
                    resourceId: storage.id,
                    property: `role assignments for principal ${principalId}`,
                    expected: 'Storage Blob Data Reader, Contributor or Owner at the account or a parent scope',
                    actual: 'none',
                  },
                ]
              : []),
            ...unreadable.map((pe) => ({
              resourceId: pe.id,
              property: `role assignments for principal ${principalId}`,
              expected: 'Reader, Contributor or Owner at the private endpoint or a parent scope',
              actual: 'none',
            })),
          ],
        });
      }
    }
    return findings;
  },
});

/** The account's Approved private endpoints for the blob, file or dfs sub-resource. */
function studioEndpointsOf(endpoints: PrivateEndpoint[], storage: StorageAccount): PrivateEndpoint[] {
  return endpoints.filter((pe) =>
    pe.connections.some((c) => c.targetId === storage.id && c.groupIds.some((g) => STUDIO_STORAGE_GROUPS.has(lowerToken(g)))),
  );
}
