/**
 * The fake ARM server, checked with the real SDK client (@azure/arm-network) where it matters:
 * paging through nextLink, 403, 429 with Retry-After, unknown subscriptions, and
 * DefaultAzureCredential -> az stand-in. The SDK calls run in a child node process, because
 * NODE_EXTRA_CA_CERTS (how the fake's self-signed cert is trusted, as for the CLI in end-to-end
 * tests) is only read at process start. Plain protocol checks use https.request in-process.
 * Nothing here talks to any address but 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { armId, armResource, armSubResource, armTypeOf } from '../src/fakearm/arm';
import { makeSelfSignedCert } from '../src/fakearm/cert';
import { cliEnvFor } from '../src/fakearm/env';
import { startFakeArm, type FakeArm, type Tenant } from '../src/fakearm/server';

const REPO = path.resolve(__dirname, '..');
const SUB = '11111111-2222-3333-4444-555555555555';
const API = 'api-version=2024-05-01';
const WS = armId(SUB, 'ml-rg', 'Microsoft.MachineLearningServices/workspaces', 'ws1');

const vnet = (rg: string, name: string) => {
  const id = armId(SUB, rg, 'Microsoft.Network/virtualNetworks', name);
  return armResource(id, {
    location: 'westus',
    properties: {
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [armSubResource(id, 'subnets', 'default', { addressPrefix: '10.0.1.0/24' })],
      virtualNetworkPeerings: [],
    },
  });
};

const tenant: Tenant = {
  subscriptions: [{ subscriptionId: SUB, displayName: 'Test sub' }],
  resources: [
    vnet('rg1', 'vnet-a'),
    vnet('RG1', 'vnet-b'), // ARM ids come back in mixed case
    vnet('rg2', 'vnet-c'),
    vnet('rg2', 'vnet-d'),
    vnet('rg3', 'vnet-e'),
    vnet('rg-forbidden', 'vnet-x'),
    armResource(WS, { location: 'westus', properties: { publicNetworkAccess: 'Disabled' } }),
    armResource(`${WS}/computes/cpu`, { properties: { computeType: 'AmlCompute', properties: { enableNodePublicIp: false } } }),
  ],
};

/** Runs `code` (an async function body with `arm`, `ident`, `url`, `SUB` and `out` in scope) in a
 *  child node process that trusts the fake's cert, and returns what it put in `out`. */
function runSdk(fake: FakeArm, certPath: string, code: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<any> {
  const script = `
    const arm = require('@azure/arm-network');
    const ident = require('@azure/identity');
    const url = process.env.AMLNET_ARM_ENDPOINT, SUB = ${JSON.stringify(SUB)};
    const out = {};
    const fixed = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3600e3 }) };
    const client = (cred = fixed, sub = SUB) => new arm.NetworkManagementClient(cred, sub,
      { endpoint: url, credentialScopes: ['https://management.azure.com/.default'] });
    const collect = async (it) => { const a = []; for await (const x of it) a.push(x); return a; };
    const err = (e) => ({ statusCode: e.statusCode, code: e.code, message: String(e.message) });
    (async () => { ${code} })().then(
      () => process.stdout.write(JSON.stringify(out)),
      (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
  `;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { cwd: REPO, env: cliEnvFor(fake, certPath, extraEnv), timeout: 20000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`child failed: ${error.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`bad child output: ${stdout}\n${stderr}`));
      }
    });
  });
}

/** One raw request from the jest process (trusting the cert via `ca`). */
function raw(
  fake: FakeArm,
  ca: string,
  method: string,
  p: string,
  headers: Record<string, string> = { authorization: 'Bearer t' },
): Promise<{ status: number; headers: Record<string, unknown>; text: string; json: any }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${fake.url}${p}`, { method, headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        text += c;
      });
      res.on('end', () => {
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('fake ARM server', () => {
  let dir: string;
  let cert: ReturnType<typeof makeSelfSignedCert>;
  let fake: FakeArm;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fakearm-test-'));
    cert = makeSelfSignedCert(dir);
    fake = await startFakeArm({
      tenant,
      cert: cert.cert,
      key: cert.key,
      pageSize: 2,
      unavailable: [/\/workspaces\/[^/]+\/labelingJobs(\/|$)/],
    });
  });
  afterAll(async () => {
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.setFaults([]);
    fake.requests.length = 0;
  });

  test('arm helpers build ARM-shaped ids and resources', () => {
    expect(armTypeOf(`${WS}/computes/cpu`)).toBe('Microsoft.MachineLearningServices/workspaces/computes');
    const r = tenant.resources[0];
    expect(r).toMatchObject({ name: 'vnet-a', type: 'Microsoft.Network/virtualNetworks', location: 'westus' });
    expect(r.properties?.subnets[0].id).toBe(`${r.id}/subnets/default`);
  });

  test('the real SDK lists vnets across 3 pages and follows nextLink as given', async () => {
    const out = await runSdk(
      fake,
      cert.certPath,
      `
      out.names = (await collect(client().virtualNetworks.listAll())).map((v) => v.name);
      out.subnets = (await collect(client().subnets.list('rg1', 'vnet-a'))).map((s) => s.addressPrefix);
    `,
    );
    expect(out.names).toEqual(['vnet-a', 'vnet-b', 'vnet-c', 'vnet-d', 'vnet-e', 'vnet-x']);
    expect(out.subnets).toEqual(['10.0.1.0/24']);
    const lists = fake.requests.filter((r) => /\/providers\/Microsoft.Network\/virtualNetworks$/i.test(r.path));
    expect(lists.map((r) => [r.status, r.query['$skiptoken']])).toEqual([
      [200, undefined],
      [200, '2'],
      [200, '4'],
    ]);
    for (const r of fake.requests) {
      expect(r.hadBearerToken).toBe(true);
      expect(r.query['api-version']).toBeTruthy();
    }
    expect(JSON.stringify(fake.requests)).not.toContain('test-token');
  });

  test('403, unknown subscription and a missing parent surface as SDK errors with ARM codes', async () => {
    fake.setFaults([{ path: '/resourceGroups/rg-forbidden/', status: 403 }]);
    const out = await runSdk(
      fake,
      cert.certPath,
      `
      try { await collect(client().virtualNetworks.list('rg-forbidden')); } catch (e) { out.forbidden = err(e); }
      try { await collect(client(fixed, '99999999-0000-0000-0000-000000000000').virtualNetworks.listAll()); } catch (e) { out.nosub = err(e); }
      try { await client().virtualNetworks.get('rg1', 'nope'); } catch (e) { out.missing = err(e); }
      try { await collect(client().subnets.list('rg1', 'nope')); } catch (e) { out.noparent = err(e); }
    `,
    );
    expect(out.forbidden).toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    expect(out.nosub).toMatchObject({ statusCode: 404, code: 'SubscriptionNotFound' });
    expect(out.nosub.message).toContain("The subscription '99999999-0000-0000-0000-000000000000' could not be found.");
    expect(out.missing).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(out.noparent).toMatchObject({ statusCode: 404, code: 'ParentResourceNotFound' });
  });

  test('429 with Retry-After is honoured by the SDK, which succeeds once the fault runs out', async () => {
    fake.setFaults([{ method: 'GET', path: 'virtualNetworks/vnet-c$', status: 429, headers: { 'Retry-After': '1' }, times: 1 }]);
    const out = await runSdk(
      fake,
      cert.certPath,
      `
      out.vnet = (await client().virtualNetworks.get('rg2', 'vnet-c')).name;
    `,
    );
    expect(out.vnet).toBe('vnet-c');
    const gets = fake.requests.filter((r) => /vnet-c$/.test(r.path));
    expect(gets.map((r) => r.status)).toEqual([429, 200]);
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(900);
  });

  test('DefaultAzureCredential gets its token from the az stand-in and reaches only the fake', async () => {
    const log = path.join(dir, 'az.log');
    const out = await runSdk(
      fake,
      cert.certPath,
      `
      const cred = new ident.DefaultAzureCredential();
      out.names = (await collect(client(cred).virtualNetworks.list('rg2'))).map((v) => v.name);
    `,
      { AMLNET_FAKE_AZ_LOG: log, AZURE_CLIENT_SECRET: undefined },
    );
    expect(out.names).toEqual(['vnet-c', 'vnet-d']);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toEqual(['https://management.azure.com']);
    expect(fake.requests.every((r) => r.hadBearerToken)).toBe(true);

    const env = cliEnvFor(fake, cert.certPath);
    expect(env.PATH?.split(path.delimiter)[0]).toBe(path.join(REPO, 'test', 'bin'));
    expect(env).toMatchObject({
      AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
      NODE_EXTRA_CA_CERTS: cert.certPath,
      AMLNET_ARM_ENDPOINT: fake.url,
      NO_COLOR: '1',
    });
  });

  test('cliEnvFor strips credentials, identity endpoints and proxies from the inherited env', () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AZURE_CLIENT_ID: 'x',
      AZURE_CLIENT_SECRET: 'x',
      AZURE_TENANT_ID: 'x',
      AZURE_FEDERATED_TOKEN_FILE: '/x',
      IDENTITY_ENDPOINT: 'http://x',
      MSI_ENDPOINT: 'http://x',
      HTTPS_PROXY: 'http://x',
      http_proxy: 'http://x',
    });
    try {
      const env = cliEnvFor({ url: 'https://127.0.0.1:1' }, '/c.pem');
      for (const k of [
        'AZURE_CLIENT_ID',
        'AZURE_CLIENT_SECRET',
        'AZURE_TENANT_ID',
        'AZURE_FEDERATED_TOKEN_FILE',
        'IDENTITY_ENDPOINT',
        'MSI_ENDPOINT',
        'HTTPS_PROXY',
        'http_proxy',
      ]) {
        expect(env[k]).toBeUndefined();
      }
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  test('the az stand-in can play logged out', async () => {
    const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        path.join(REPO, 'test/bin/az'),
        ['account', 'get-access-token', '--output', 'json', '--resource', 'https://management.azure.com'],
        { env: cliEnvFor(fake, cert.certPath, { AMLNET_FAKE_AZ_MODE: 'logged-out' }) },
        (error, _stdout, stderr) => resolve({ code: error ? (error as any).code : 0, stderr }),
      );
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Please run 'az login'");
  });

  test('protocol: 401 without a token, 400 without api-version, 405 on PUT, 400 for a Resource Graph POST without a query', async () => {
    const sub = `/subscriptions/${SUB}?${API}`;
    const noAuth = await raw(fake, cert.cert, 'GET', sub, {});
    expect(noAuth.status).toBe(401);
    expect(noAuth.json.error.code).toBe('AuthenticationFailed');
    expect((await raw(fake, cert.cert, 'GET', `/subscriptions/${SUB}`)).json.error.code).toBe('MissingApiVersionParameter');
    const put = await raw(fake, cert.cert, 'PUT', sub);
    expect(put.status).toBe(405);
    expect((await raw(fake, cert.cert, 'POST', `/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01`)).status).toBe(400);
    const ok = await raw(fake, cert.cert, 'GET', `/SUBSCRIPTIONS/${SUB.toUpperCase()}?${API}`);
    expect(ok.json).toMatchObject({ id: `/subscriptions/${SUB}`, subscriptionId: SUB, displayName: 'Test sub', state: 'Enabled' });
    expect(fake.requests.map((r) => [r.method, r.status, r.hadBearerToken])).toEqual([
      ['GET', 401, false],
      ['GET', 400, true],
      ['PUT', 405, true],
      ['POST', 400, true],
      ['GET', 200, true],
    ]);
  });

  test('child collections, case-insensitive ids and unavailable preview APIs', async () => {
    const computes = await raw(fake, cert.cert, 'GET', `${WS.toLowerCase()}/computes?${API}`);
    expect(computes.json.value.map((c: any) => c.name)).toEqual(['cpu']);
    expect((await raw(fake, cert.cert, 'GET', `${WS}/datastores?${API}`)).json).toEqual({ value: [] });
    const lj = await raw(fake, cert.cert, 'GET', `${WS}/labelingJobs?${API}`);
    expect(lj.status).toBe(404);
    expect(lj.json.error.code).toBe('NoRegisteredProviderFound');
    const rgList = await raw(fake, cert.cert, 'GET', `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks?${API}`);
    expect(rgList.json.value.map((v: any) => v.name)).toEqual(['vnet-a', 'vnet-b']);
    expect(rgList.json.nextLink).toBeUndefined();
  });

  test('faults: times counts down, rawBody, delayMs and an absolute nextLink with api-version', async () => {
    fake.setFaults([
      { path: '/workspaces/ws1$', status: 500, times: 2 },
      { path: 'computes$', status: 200, rawBody: '{"value":[{"id":' },
      { path: '^/subscriptions/[^/]+$', status: 503, delayMs: 150, times: 1 },
    ]);
    const ws = `${WS}?${API}`;
    expect((await raw(fake, cert.cert, 'GET', ws)).status).toBe(500);
    expect((await raw(fake, cert.cert, 'GET', ws)).json.error.code).toBe('InternalServerError');
    expect((await raw(fake, cert.cert, 'GET', ws)).json.properties.publicNetworkAccess).toBe('Disabled');
    const trunc = await raw(fake, cert.cert, 'GET', `${WS}/computes?${API}`);
    expect(trunc.text).toBe('{"value":[{"id":');
    const t0 = Date.now();
    expect((await raw(fake, cert.cert, 'GET', `/subscriptions/${SUB}?${API}`)).status).toBe(503);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const page1 = await raw(fake, cert.cert, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?${API}`);
    expect(page1.json.nextLink).toBe(`${fake.url}/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks?${API}&$skiptoken=2`);
  });
});
