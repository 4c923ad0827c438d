/**
 * Runs the compiled CLI (dist/, so `npm run build` first) as a subprocess against the fake
 * Resource Manager, as scripts/demo.js does: the az stand-in as the only credential, the fake's
 * certificate trusted, nothing reachable but 127.0.0.1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeSelfSignedCert } from '../../src/fakearm/cert';
import { cliEnvFor } from '../../src/fakearm/env';
import { startFakeArm, type FakeArm, type FakeArmOptions } from '../../src/fakearm/server';
import type { Finding } from '../../src/rules/types';
import { execCli, type CliExecution } from '../support/e2e';

export interface Harness {
  fake: FakeArm;
  dir: string;
  certPath: string;
  run(args: string[], env?: NodeJS.ProcessEnv, timeoutMs?: number): Promise<CliRun>;
  close(): Promise<void>;
}

export type CliRun = CliExecution;

export async function startHarness(opts: Omit<FakeArmOptions, 'cert' | 'key'>): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amlnet-cli-'));
  const cert = makeSelfSignedCert(dir);
  const fake = await startFakeArm({ ...opts, cert: cert.cert, key: cert.key });
  return {
    fake,
    dir,
    certPath: cert.certPath,
    run: (args, env = {}, timeoutMs = 30_000) =>
      execCli(['audit', ...args], { cwd: dir, env: cliEnvFor(fake, cert.certPath, { AMLNET_RETRY_DELAY_MS: '10', ...env }), timeoutMs }),
    close: async () => {
      await fake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function findingsOf(run: CliRun): Finding[] {
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
}

/** Findings other than AMLNET900, keyed for comparison. */
export function readableFindings(findings: Finding[]): string[] {
  return findings.filter((f) => f.ruleId !== 'AMLNET900').map((f) => `${f.ruleId} ${f.severity} ${f.resourceId} :: ${f.message}`);
}
