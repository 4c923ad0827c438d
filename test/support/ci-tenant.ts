/**
 * A two-workspace tenant for the CI-gating tests: ws-alpha has a compute instance in another
 * region (AMLNET103, high) and a datastore without an identity (AMLNET301, medium); ws-beta has a
 * datastore without an identity (AMLNET301, medium). Tenant strings carry Markdown and HTML so
 * that the reporters' escaping is exercised.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantBuilder } from '../../src/fixtures/builder';
import { privateWorkspace, SUB } from './scenarios';

export interface CiTenant {
  t: TenantBuilder;
  alpha: string;
  beta: string;
  farCompute: string;
  alphaDatastore: string;
  betaDatastore: string;
  /** ws-beta's compute subnet, for computes added by a test. */
  betaComputeSubnet: string;
}

export function ciTenant(): CiTenant {
  const t = new TenantBuilder({ subscriptionId: SUB, resourceGroup: 'rg-ml', location: 'westeurope' });
  const a = privateWorkspace({ name: 'ws-alpha', t });
  const b = privateWorkspace({ name: 'ws-beta', t });
  const farCompute = t.compute(a.ws, 'ci-far', { type: 'ComputeInstance', location: 'eastus', subnet: a.computeSubnet, enableNodePublicIp: false });
  const alphaDatastore = t.datastore(a.ws, 'images', { accountName: a.storage.split('/').pop()!, identity: 'None' });
  const betaDatastore = t.datastore(b.ws, 'raw_<b>data_[x](http:@evil)', { accountName: b.storage.split('/').pop()!, identity: 'None' });
  return { t, alpha: a.ws, beta: b.ws, farCompute, alphaDatastore, betaDatastore, betaComputeSubnet: b.computeSubnet };
}

export function tempDir(prefix = 'amlnet-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeJson(path: string, data: unknown): string {
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
  return path;
}
