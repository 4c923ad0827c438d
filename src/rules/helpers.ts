/** Small, shared wording helpers so every rule names resources the same way. */
import { lowerToken, nameOf } from '../model/ids';
import type { Model } from '../model/model';
import type { Dependency, Workspace } from '../model/types';
import { childRead } from './reads';

/** The readable name of a resource id (its last segment). */
export function short(id: string | undefined): string {
  return id ? nameOf(id) : '(unknown)';
}

export function list(ids: Iterable<string>): string {
  const names = [...new Set([...ids].map(short))];
  return names.length === 0 ? '(none)' : names.join(', ');
}

export const DEPENDENCY_LABEL: Record<Dependency['dependencyKind'], string> = {
  storage: 'storage account',
  keyVault: 'key vault',
  containerRegistry: 'container registry',
};

export const TRAINING_COMPUTE_TYPES = new Set(['amlcompute', 'computeinstance']);

export function isTrainingCompute(computeType: string): boolean {
  return TRAINING_COMPUTE_TYPES.has(lowerToken(computeType));
}

export function isComputeInstance(computeType: string): boolean {
  return lowerToken(computeType) === 'computeinstance';
}

export const LEARN = 'https://learn.microsoft.com/azure/machine-learning/';

/**
 * AMLNET301 and AMLNET302 match a datastore to a restricted account by name, and any workspace's
 * datastore may name any account: with no restricted account in scope no datastore matters.
 */
export const DATASTORES_NEAR_RESTRICTED_STORAGE = childRead({
  kind: 'datastores',
  when: 'every workspace, when some storage account in scope is restricted',
  after: ['storageAccounts'],
  wants: (_ws, model) => model.storageAccounts.some((s) => model.isRestricted(s)),
});

/** Whether the workspace's default storage account is visible and restricted. */
export function defaultStorageRestricted(ws: Workspace, model: Model): boolean {
  const storage = model.storageAccount(ws.storageAccountId);
  return !!storage && model.isRestricted(storage);
}

/** Datastore types backed by a storage account (blob, file, ADLS Gen2), named by lower-cased datastoreType (AMLNET301, AMLNET302). */
export const STORAGE_DATASTORE_TYPES = new Set(['azureblob', 'azurefile', 'azuredatalakegen2']);

/** What studio cannot do on a datastore it cannot reach with the right identity or role (AMLNET301, AMLNET302). */
export const BLOCKED_STUDIO_FEATURES = [
  'data preview',
  'designer visualization',
  'designer deployment',
  'AutoML submission',
  'starting a labeling project',
];
