/**
 * A hostile or broken endpoint (issue 16): the CLI runs against a hostile HTTPS front in front of
 * the fake Resource Manager, with a spy on another origin that must receive nothing. Every hostile
 * answer ends as a named gap (or exit 2 when nothing at all was readable): never the token sent
 * away, a secret printed, a hang, a crash, or a redirect read as data.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert } from '../../src/fakearm/cert';
import { cliEnvFor } from '../../src/fakearm/env';
import { startFakeArm, type FakeArm } from '../../src/fakearm/server';
import { demoTenant, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { execCli, type CliExecution } from '../support/e2e';
import {
  appendItems,
  floodItems,
  foreignNextLink,
  gzipBomb,
  manyItems,
  redirectWithBody,
  secretEcho,
  startFront,
  startSpy,
  trickle,
  type Front,
  type Spy,
  type Tactic,
} from '../support/hostile';

interface Gap {
  kind: string;
  scope: string;
  status?: number;
  code?: string;
  message: string;
}
interface Report {
  findings: { ruleId: string; severity: string; resourceId: string; message: string }[];
  gaps: Gap[];
}

const SUB = DEMO_SUBSCRIPTION;

let dir: string;
let certPath: string;
let fake: FakeArm;
let front: Front;
let spy: Spy;
let baseline: Report;

const run = (args: string[], env: NodeJS.ProcessEnv = {}, endpoint = front.url): Promise<CliExecution> =>
  execCli(['audit', '-q', ...args], {
    cwd: dir,
    env: cliEnvFor({ url: endpoint }, certPath, { AMLNET_RETRY_DELAY_MS: '10', AMLNET_MAX_RETRIES: '1', ...env }),
    timeoutMs: 45_000,
  });

/** A run that finished as a scan (0 or 1), with no crash and no stack trace; its JSON report. */
function scanned(r: CliExecution): Report {
  expect({ killed: r.killed, stderr: r.stderr }).toEqual({ killed: false, stderr: '' });
  expect([0, 1]).toContain(r.code);
  return JSON.parse(r.stdout) as Report;
}

const findingKeys = (r: Report) =>
  r.findings
    .filter((f) => f.ruleId !== 'AMLNET900')
    .map((f) => `${f.ruleId} ${f.severity} ${f.resourceId}`)
    .sort();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-hostile-'));
  const tls = makeSelfSignedCert(dir);
  certPath = tls.certPath;
  fake = await startFakeArm({ tenant: demoTenant(), pageSize: 50, cert: tls.cert, key: tls.key });
  front = await startFront(tls, fake.url);
  spy = await startSpy(tls);
  front.setTactics([]);
  baseline = scanned(await run(['--subscription', SUB, '--format', 'json']));
  expect(baseline.gaps).toEqual([]);
  expect(baseline.findings.length).toBeGreaterThan(5);
});

afterAll(async () => {
  await Promise.all([front?.close(), spy?.close(), fake?.close()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  spy.requests.length = 0;
});
afterEach(() => {
  expect(spy.requests).toEqual([]);
});

const use = (...tactics: Tactic[]) => front.setTactics(tactics);

test('a nextLink to another origin (typed SDK list and raw list) is refused without sending: a gap that says why', async () => {
  use(
    foreignNextLink(/\/providers\/Microsoft\.Network\/virtualNetworks$/i, spy.origin),
    foreignNextLink(/\/providers\/Microsoft\.MachineLearningServices\/workspaces$/i, spy.origin),
  );
  const r = await run(['--subscription', SUB, '--format', 'json']);
  expect(r.code).toBe(1);
  const report = scanned(r);
  const refusal = `refused to send the token to ${spy.origin}: the answer pointed outside the Resource Manager endpoint ${front.url} (a nextLink to another origin)`;
  expect(report.gaps.map((g) => [g.kind, g.code, g.message]).sort()).toEqual([
    ['virtualNetworks', 'ForeignOrigin', refusal],
    ['workspaces', 'ForeignOrigin', refusal],
  ]);
  expect(report.findings.filter((f) => f.ruleId === 'AMLNET900').map((f) => f.severity)).toEqual(['high']);
});

test('a foreign nextLink in the subscription list is refused: the scope is unreadable (exit 2), nothing sent', async () => {
  use(foreignNextLink(/^\/subscriptions$/, spy.origin));
  const r = await run(['--all-subscriptions', '--format', 'json']);
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  expect(r.stderr).toContain(`refused to send the token to ${spy.origin}`);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('a redirect with a JSON body is not read as data and is not followed', async () => {
  const cluster = {
    id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters/forged`,
    name: 'forged',
    type: 'Microsoft.ContainerService/managedClusters',
    properties: {},
  };
  use(
    redirectWithBody(/\/providers\/Microsoft\.ContainerService\/managedClusters$/i, 302, { value: [cluster] }, `${spy.origin}/clusters`),
    redirectWithBody(/\/providers\/Microsoft\.Network\/natGateways$/i, 301, { value: [] }),
  );
  const report = scanned(await run(['--subscription', SUB, '--format', 'json']));
  expect(report.gaps.map((g) => [g.kind, g.status, g.code, g.message]).sort()).toEqual([
    [
      'managedClusters',
      302,
      'UnexpectedRedirect',
      `Resource Manager answered HTTP 302 (a redirect to ${spy.origin}) where a JSON answer was expected; amlnet follows no redirect and reads no body of one`,
    ],
    [
      'natGateways',
      301,
      'UnexpectedRedirect',
      'Resource Manager answered HTTP 301 (a redirect) where a JSON answer was expected; amlnet follows no redirect and reads no body of one',
    ],
  ]);
  expect(JSON.stringify(report)).not.toContain('forged');
});

test('a body that trickles one byte every 2 s ends as a gap at the deadline, never a hang', async () => {
  use(trickle(/\/providers\/Microsoft\.Storage\/storageAccounts$/i, 2000));
  const r = await run(['--subscription', SUB, '--format', 'json'], { AMLNET_REQUEST_TIMEOUT_MS: '5000' });
  const report = scanned(r);
  expect(report.gaps.map((g) => [g.kind, g.code, g.message])).toEqual([
    ['storageAccounts', 'ETIMEDOUT', 'the response (headers and body) did not complete within 5 s (timed out) (gave up after 2 attempt(s))'],
  ]);
  expect(front.hits).toEqual([2]); // the attempt and its one retry
});

test('a gzip body inflating to 1.5 GB is dropped at the bound: a gap naming it, no crash', async () => {
  use(gzipBomb(/\/providers\/Microsoft\.KeyVault\/vaults$/i, 1536 * 1024 * 1024));
  const report = scanned(await run(['--subscription', SUB, '--format', 'json']));
  expect(report.gaps.map((g) => [g.kind, g.code, g.message])).toEqual([
    ['keyVaults', 'ResponseTooLarge', 'the response inflated past 64 MiB, the most amlnet reads of one answer; it was dropped'],
  ]);
});

test('250 pages of 20,000 items stop at the list bound: a gap naming it, not an exhausted heap', async () => {
  use(manyItems(/\/providers\/Microsoft\.Network\/routeTables$/i, `/subscriptions/${SUB}`, 'Microsoft.Network/routeTables', 250, 20_000));
  const report = scanned(await run(['--subscription', SUB, '--format', 'json']));
  expect(report.gaps.map((g) => [g.kind, g.code, g.message])).toEqual([
    ['routeTables', 'ListTooLong', 'the list passed 250,000 items, the most amlnet reads of one list; the rest was not read'],
  ]);
  expect(front.hits[0]).toBe(13); // 13 pages of 20,000 pass 250,000; no 14th is asked for
});

test('a page of 150,000 items is read (no "Maximum call stack size exceeded"): the same findings', async () => {
  use(appendItems(/\/providers\/Microsoft\.Network\/natGateways$/i, floodItems(`/subscriptions/${SUB}`, 'Microsoft.Network/natGateways', 150_000)));
  const report = scanned(await run(['--subscription', SUB, '--format', 'json']));
  expect(report.gaps).toEqual([]);
  expect(findingKeys(report)).toEqual(findingKeys(baseline));
});

describe('nothing readable is exit 2, promptly, with no timer left running', () => {
  test('no server: one line, exit 2, the process ends right after (the 60 s default deadline leaves no timer)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const r = await run(['--subscription', SUB], {}, `https://127.0.0.1:${port}`);
    expect({ code: r.code, killed: r.killed, stdout: r.stdout }).toEqual({ code: 2, killed: false, stdout: '' });
    expect(r.stderr).toMatch(
      new RegExp(
        `^amlnet: error: nothing could be read from https://127\\.0\\.0\\.1:${port}: all \\d+ read\\(s\\) failed, the first \\(\\w+\\) with ECONNREFUSED: .*; check the endpoint, the network and the certificate it presents\\n$`,
      ),
    );
  });

  test('a certificate nobody trusts: exit 2 naming the certificate problem', async () => {
    const other = makeSelfSignedCert(path.join(dir, 'untrusted'));
    const untrusted = await startFront(other, fake.url, { ca: fs.readFileSync(certPath, 'utf8') });
    try {
      const r = await run(['--subscription', SUB], {}, untrusted.url);
      expect({ code: r.code, killed: r.killed, stdout: r.stdout }).toEqual({ code: 2, killed: false, stdout: '' });
      expect(r.stderr).toMatch(
        /^amlnet: error: nothing could be read from .* with (SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE): .*certificate.*\n$/,
      );
    } finally {
      await untrusted.close();
    }
  });
});

test('an error echoing the token and other secrets reaches no output: stdout, stderr, JSON, SARIF, HTML, Markdown, snapshot', async () => {
  const jwt = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyJ9.c2lnbmF0dXJlLW1hdGVyaWFs';
  const accountKey = 'c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LW11c3Qtbm90LWxlYWs=';
  const sig = 'q0wTa7xY2bN9sP4mLk8e';
  const clientSecret = 'Zx8~Qm2.VvP9rT4uW6yA';
  const echoed =
    `a session token ${jwt}, DefaultEndpointsProtocol=https;AccountName=st;AccountKey=${accountKey};EndpointSuffix=core.windows.net, ` +
    `https://st.blob.core.windows.net/c?sv=2022-11-02&sig=${sig}&se=2030, https%3A%2F%2Fst%2Fc%3Fsig%3D${sig}, {"client_secret": "${clientSecret}"}`;
  use(secretEcho(/\/workspaces\/ws-sandbox\/datastores$/i, echoed));
  const out = (f: string) => path.join(dir, f);
  const r = await run([
    '--subscription',
    SUB,
    '--verbose',
    '--json',
    out('s.json'),
    '--sarif',
    out('s.sarif'),
    '--html',
    out('s.html'),
    '--markdown',
    out('s.md'),
    '--save-snapshot',
    out('s-snap.json'),
  ]);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: '' });
  const texts: Record<string, string> = { stdout: r.stdout, stderr: r.stderr };
  for (const f of ['s.json', 's.sarif', 's.html', 's.md', 's-snap.json']) texts[f] = fs.readFileSync(out(f), 'utf8');
  for (const [where, text] of Object.entries(texts)) {
    for (const secret of ['fake-arm-token', jwt, accountKey, sig, clientSecret])
      expect([where, secret, text.includes(secret)]).toEqual([where, secret, false]);
  }
  // The message is kept, with each secret replaced where it stood.
  const gap = (JSON.parse(texts['s.json']) as Report).gaps[0];
  expect(gap.message).toBe(
    `Denied: 'Bearer <redacted>' a session token <redacted>, DefaultEndpointsProtocol=https;AccountName=st;AccountKey=<redacted>;EndpointSuffix=core.windows.net, ` +
      'https://st.blob.core.windows.net/c?sv=2022-11-02&sig=<redacted>&se=2030, https%3A%2F%2Fst%2Fc%3Fsig%3D<redacted>, {"client_secret": "<redacted>"}',
  );
  expect(texts.stdout).toContain("Denied: 'Bearer <redacted>' a session token <redacted>");
});
