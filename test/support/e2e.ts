/**
 * End-to-end harness: the fake Resource Manager in this process, the compiled CLI in a child
 * process that trusts the fake's certificate (NODE_EXTRA_CA_CERTS) and signs in through the az
 * stand-in (AZURE_TOKEN_CREDENTIALS=AzureCliCredential). Nothing leaves 127.0.0.1.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert } from '../../src/fakearm/cert';
import { cliEnvFor } from '../../src/fakearm/env';
import { startFakeArm, type FakeArm, type FakeArmOptions } from '../../src/fakearm/server';

export const REPO = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO, 'bin', 'amlnet.js');

let certCache: { dir: string; cert: string; key: string; certPath: string } | undefined;

export function testCert() {
  if (!certCache) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-e2e-'));
    certCache = { dir, ...makeSelfSignedCert(dir) };
  }
  return certCache;
}

export function tmpFile(name: string): string {
  return path.join(testCert().dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}`);
}

export async function withFakeArm<T>(opts: FakeArmOptions, run: (fake: FakeArm) => Promise<T>): Promise<T> {
  const { cert, key } = testCert();
  const fake = await startFakeArm({ pageSize: 2, ...opts, cert, key });
  try {
    return await run(fake);
  } finally {
    await fake.close();
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliExecution {
  /** null when the process was killed (timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  killed: boolean;
}

/** The one way tests run the compiled CLI as a subprocess. */
export function execCli(args: string[], opts: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number }): Promise<CliExecution> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; killed?: boolean }) | null;
        resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout, stderr, ms: Date.now() - t0, killed: !!e?.killed });
      },
    );
  });
}

/** Runs the compiled CLI; with `fake`, against it. */
export async function runCli(args: string[], opts: { fake?: FakeArm; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  const env = opts.fake
    ? cliEnvFor(opts.fake, testCert().certPath, { AMLNET_RETRY_DELAY_MS: '20', ...opts.env })
    : {
        ...process.env,
        NO_COLOR: '1',
        AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
        PATH: `${path.join(REPO, 'test', 'bin')}${path.delimiter}${process.env.PATH}`,
        ...opts.env,
      };
  const r = await execCli(args, { env, cwd: opts.cwd ?? REPO, timeoutMs: 60_000 });
  return { code: r.code ?? 2, stdout: r.stdout, stderr: r.stderr };
}

/** The (rule, severity, resource) triples of a JSON report, sorted, resource ids lower-cased. */
export function triples(json: { findings: { ruleId: string; severity: string; resourceId: string }[] }): string[] {
  return json.findings.map((f) => `${f.ruleId} ${f.severity} ${f.resourceId.toLowerCase()}`).sort();
}

/**
 * stderr without the progress display's plain lines (every live scan logs its phases there): what
 * is left is warnings and errors. Progress lines start "amlnet: " like them, but not "amlnet: error",
 * "amlnet: warning" or "amlnet: internal error".
 */
export function withoutProgress(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((l) => !l.startsWith('amlnet: ') || /^amlnet: (error|warning|internal error)\b/.test(l))
    .join('');
}
