/**
 * The environment for a child amlnet process that must talk to the fake ARM server and nothing
 * else: the az stand-in (test/bin/az) first on PATH as the only credential, the fake's self-signed
 * certificate trusted, the ARM endpoint pointed at the fake, and every inherited setting that could
 * send a request off this machine (service-principal/managed-identity/workload-identity variables,
 * CI OIDC endpoints, proxies) removed.
 */
import * as path from 'node:path';

/** Directory holding the `az` stand-in; the same relative path from src/fakearm and dist/fakearm. */
export const AZ_STANDIN_DIR = path.resolve(__dirname, '../../test/bin');

/** Inherited variables that must not reach the child, compared case-insensitively. */
const REMOVE_EXACT = new Set([
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'IDENTITY_SERVER_THUMBPRINT',
  'IMDS_ENDPOINT',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'SYSTEM_OIDCREQUESTURI',
  'SYSTEM_ACCESSTOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'GLOBAL_AGENT_HTTP_PROXY',
  'GLOBAL_AGENT_HTTPS_PROXY',
  'NODE_TLS_REJECT_UNAUTHORIZED',
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'AMLNET_ARM_ENDPOINT',
]);
/** Every AZURE_* variable (AZURE_CLIENT_ID/SECRET, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE,
 *  AZURE_AUTHORITY_HOST, AZURE_USERNAME, AZURE_CONFIG_DIR, ...) goes too, and every AMLNET_* (an
 *  inherited AMLNET_SUBSCRIPTION or AMLNET_FAIL_ON would change what the child scans or exits with). */
const REMOVE_PREFIXES = ['AZURE_', 'AMLNET_'];

/** `extra` is applied last; a key given as undefined is removed. */
export function cliEnvFor(fake: { url: string }, certPath: string, extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    const K = k.toUpperCase();
    if (REMOVE_EXACT.has(K) || REMOVE_PREFIXES.some((p) => K.startsWith(p))) continue;
    if (K === 'PATH') continue;
    env[k] = v;
  }
  const inheritedPath = process.env.PATH ?? process.env.Path ?? '';
  // The stand-in is a node script (#!/usr/bin/env node): keep this node right behind it.
  env.PATH = [AZ_STANDIN_DIR, path.dirname(process.execPath), inheritedPath].filter((p) => p !== '').join(path.delimiter);
  env.AZURE_TOKEN_CREDENTIALS = 'AzureCliCredential';
  env.NODE_EXTRA_CA_CERTS = certPath;
  env.AMLNET_ARM_ENDPOINT = fake.url;
  env.NO_PROXY = '127.0.0.1,localhost';
  env.NO_COLOR = '1';
  // `extra` wins; a key set to undefined there removes it.
  for (const [k, v] of Object.entries(extra ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
