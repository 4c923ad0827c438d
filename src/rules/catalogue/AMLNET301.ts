import { defineRule, type FindingInput } from '../types';
import { BLOCKED_STUDIO_FEATURES, DATASTORES_NEAR_RESTRICTED_STORAGE, LEARN, STORAGE_DATASTORE_TYPES } from '../helpers';
import { lowerToken } from '../../model/ids';

export default defineRule({
  meta: {
    id: 'AMLNET301',
    name: 'studio-datastore-identity',
    severity: 'medium',
    category: 'studio',
    summary: "A datastore on a restricted storage account must let studio use the workspace's managed identity.",
    rationale:
      'how-to-enable-studio-virtual-network: when the storage account is in a VNet, "you must enable managed identity" for the datastore ' +
      '(serviceDataAccessAuthIdentity), or studio cannot use it: data preview, designer visualization and deployment, AutoML submission and ' +
      'starting a labeling project are blocked.',
    remediation: {
      text:
        "Set the datastore's serviceDataAccessAuthIdentity to WorkspaceSystemAssignedIdentity (studio: Datastores > Update authentication > " +
        '"Use workspace managed identity for data preview and profiling"), and grant that identity Storage Blob Data Reader on the account.',
      azCli:
        '# The ml extension has no flag for it: set properties.serviceDataAccessAuthIdentity through Resource Manager (read, change, write back).\n' +
        'ds="https://management.azure.com/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.MachineLearningServices/workspaces/<workspace>/datastores/<datastore>?api-version=2024-10-01"\n' +
        'az rest --method get --url "$ds" \\\n' +
        '  | jq \'{properties: (.properties + {serviceDataAccessAuthIdentity: "WorkspaceSystemAssignedIdentity"})}\' > datastore.json\n' +
        '# A datastore with an account key or SAS: add its secret to properties.credentials.secrets first (GET does not return it).\n' +
        'az rest --method put --url "$ds" --body @datastore.json',
      bicep:
        "resource ds 'Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01' = {\n  parent: workspace\n  name: 'mydatastore'\n" +
        "  properties: {\n    datastoreType: 'AzureBlob'\n    accountName: storageName\n    containerName: 'data'\n    credentials: { credentialsType: 'None' }\n" +
        "    serviceDataAccessAuthIdentity: 'WorkspaceSystemAssignedIdentity'\n  }\n}",
    },
    links: [LEARN + 'how-to-enable-studio-virtual-network'],
    requires: ['workspaces', 'datastores', 'storageAccounts'],
    reads: [DATASTORES_NEAR_RESTRICTED_STORAGE],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      for (const ds of ws.datastores) {
        if (!STORAGE_DATASTORE_TYPES.has(lowerToken(ds.datastoreType ?? ''))) continue;
        const storage = model.storageAccountByName(ds.accountName);
        if (!storage || !model.isRestricted(storage)) continue;
        const identity = ds.serviceDataAccessAuthIdentity;
        if (identity && lowerToken(identity) !== 'none') continue;
        findings.push({
          resourceId: ds.id,
          workspaceId: ws.id,
          relatedResourceIds: [storage.id],
          message:
            `Datastore ${ds.name} points at restricted storage account ${storage.name} and does not use the workspace managed identity ` +
            `(serviceDataAccessAuthIdentity is ${identity ?? 'absent'}): studio's ${BLOCKED_STUDIO_FEATURES.join(', ')} stay blocked.`,
          evidence: [
            {
              resourceId: ds.id,
              property: 'properties.serviceDataAccessAuthIdentity',
              expected: 'WorkspaceSystemAssignedIdentity or WorkspaceUserAssignedIdentity',
              actual: identity ?? 'absent',
            },
          ],
        });
      }
    }
    return findings;
  },
});
