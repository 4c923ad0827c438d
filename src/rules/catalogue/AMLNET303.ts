import { lowerToken, normalizeId } from '../../model/ids';
import type { Model } from '../../model/model';
import type { DataAsset, Datastore, LabelingJob, Workspace } from '../../model/types';
import { defineRule, type FindingInput } from '../types';
import { LEARN, defaultStorageRestricted } from '../helpers';
import { childRead } from '../reads';

/** `azureml://subscriptions/.../datastores/<name>/paths/...` or `azureml://datastores/<name>/paths/...`. */
export function datastoreNameOfUri(uri: string | undefined): string | undefined {
  const m = uri ? /\/datastores\/([^/]+)\/paths(\/|$)/i.exec(uri) : null;
  return m ? decodeURIComponent(m[1]) : undefined;
}

function dataAssetOf(model: Model, job: LabelingJob): DataAsset | undefined {
  if (!job.dataId) return undefined;
  const id = job.dataId.replace(/^azureml:/i, '');
  return id.startsWith('/') ? model.get<DataAsset>(normalizeId(id)) : undefined;
}

function readsDefaultStorage(model: Model, ws: Workspace, ds: Datastore): boolean {
  if (ds.isDefault) return true;
  const storage = model.storageAccountByName(ds.accountName);
  return !!storage && storage.id === ws.storageAccountId;
}

export default defineRule({
  meta: {
    id: 'AMLNET303',
    name: 'labeling-default-storage',
    severity: 'medium',
    severities: [
      { severity: 'medium', when: 'an ML-assisted labeling job reads data on the default datastore while the default storage is restricted' },
      { severity: 'info', when: 'the labeling-jobs API is unavailable and the default storage is restricted: a reminder' },
    ],
    category: 'studio',
    summary: 'ML-assisted labeling cannot use the default storage account when it is behind a VNet.',
    rationale:
      'Microsoft Learn ("Secure Azure Machine Learning workspace resources using virtual networks", Limitations): "ML-assisted data labeling ' +
      "doesn't support a default storage account behind a virtual network. Instead, use a storage account other than the default for ML assisted " +
      'data labeling." (how-to-create-image-labeling-projects says the same.)',
    remediation: {
      text: 'Register a datastore on a storage account other than the workspace default, copy the labeling data there, and point the data asset at it.',
      azCli:
        'az ml datastore create -g <rg> -w <workspace> --file labeling-datastore.yml   # a blob datastore on a non-default account\n' +
        'az ml data create -g <rg> -w <workspace> --name labeling-images --path azureml://datastores/labeling/paths/images/ --type uri_folder',
      bicep:
        "resource labelingStore 'Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01' = {\n  parent: workspace\n  name: 'labeling'\n" +
        "  properties: { datastoreType: 'AzureBlob', accountName: labelingStorageName, containerName: 'images', credentials: { credentialsType: 'None' } }\n}",
    },
    links: [LEARN + 'how-to-create-image-labeling-projects', LEARN + 'how-to-enable-studio-virtual-network'],
    requires: ['workspaces', 'datastores', 'storageAccounts', 'labelingJobs', 'dataAssets'],
    reads: [
      childRead({
        kind: 'datastores',
        when: 'workspaces whose default storage is restricted',
        after: ['storageAccounts'],
        wants: defaultStorageRestricted,
      }),
      childRead({
        kind: 'labelingJobs',
        when: 'workspaces whose default storage is restricted',
        after: ['storageAccounts'],
        wants: defaultStorageRestricted,
      }),
    ],
  },
  check(model) {
    const findings: FindingInput[] = [];
    for (const ws of model.workspaces) {
      const storage = model.storageAccount(ws.storageAccountId);
      if (!storage || !model.isRestricted(storage)) continue;
      if (ws.labelingJobs === undefined) {
        if (!ws.labelingJobsUnavailable) continue;
        findings.push({
          resourceId: ws.id,
          workspaceId: ws.id,
          severity: 'info',
          relatedResourceIds: [storage.id],
          message:
            `The labeling-jobs API (preview) is not available for workspace ${ws.name}, so its jobs could not be checked. Its default storage ` +
            `account ${storage.name} is restricted: ML-assisted labeling needs data on a non-default storage account.`,
          evidence: [{ resourceId: ws.id, property: 'labelingJobs', expected: 'readable (preview API)', actual: 'not available' }],
        });
        continue;
      }
      for (const job of ws.labelingJobs) {
        if (!job.mlAssistEnabled) continue;
        const asset = dataAssetOf(model, job);
        const dsName = datastoreNameOfUri(asset?.dataUri);
        const ds = dsName ? ws.datastores.find((d) => lowerToken(d.name) === lowerToken(dsName)) : undefined;
        if (!ds || !readsDefaultStorage(model, ws, ds)) continue;
        findings.push({
          resourceId: ws.id,
          workspaceId: ws.id,
          relatedResourceIds: [job.id, ...(asset ? [asset.id] : []), ds.id, storage.id],
          message:
            `ML-assisted labeling job ${job.name} reads data asset ${asset?.name ?? job.dataId} on datastore ${ds.name}, which is on the default storage ` +
            `account ${storage.name}; that account is restricted, which ML-assisted labeling does not support. Move the data to a non-default storage account.`,
          evidence: [
            {
              resourceId: job.id,
              property: 'dataConfiguration.dataId -> dataUri',
              expected: 'a datastore on a non-default storage account',
              actual: `datastore ${ds.name} (default storage ${storage.name})`,
            },
          ],
        });
      }
    }
    return findings;
  },
});
