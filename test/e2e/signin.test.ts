/**
 * A failed sign-in names each credential's own reason, one a line: DefaultAzureCredential's
 * message says only "ChainedTokenCredential authentication failed", while the cause (the Azure CLI
 * is not installed, nobody ran az login) is in each credential's error.
 */
import * as path from 'node:path';
import { AZ_STANDIN_DIR } from '../../src/fakearm/env';
import { privateWorkspace, SUB } from '../support/scenarios';
import { runCli, withFakeArm } from '../support/e2e';

// Only the stand-in az and node: no real az, pwsh or azd that could reach a network.
const ONLY_STANDIN = [AZ_STANDIN_DIR, path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);

describe('sign-in failure', () => {
  it("prints each developer credential's reason on its own line, then exits 2 without a request", async () => {
    await withFakeArm({ tenant: privateWorkspace().t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB, '-q'], {
        fake,
        env: { AZURE_TOKEN_CREDENTIALS: 'dev', AMLNET_FAKE_AZ_MODE: 'logged-out', PATH: ONLY_STANDIN },
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines[0]).toBe(
        'amlnet: error: authentication failed: no credential produced a token. Sign in (az login), or set a service principal, workload identity or managed identity for DefaultAzureCredential (AZURE_TOKEN_CREDENTIALS picks one). Each credential tried:',
      );
      const reasons = lines.slice(1);
      expect(reasons.every((l) => l.startsWith('  - '))).toBe(true);
      expect(reasons.length).toBeGreaterThanOrEqual(3);
      // The Azure CLI ran and said why (the stand-in's "Please run 'az login'"); PowerShell and azd are not installed.
      expect(reasons.filter((l) => /az login/i.test(l))).toHaveLength(1);
      expect(reasons.filter((l) => /PowerShell/.test(l))).toHaveLength(1);
      expect(reasons.filter((l) => /Azure Developer CLI/.test(l))).toHaveLength(1);
      expect(r.stderr).not.toMatch(/ChainedTokenCredential/);
      expect(fake.requests.filter((q) => q.hadBearerToken)).toEqual([]);
    });
  });

  it('one credential selected: its reason, on its own line', async () => {
    await withFakeArm({ tenant: privateWorkspace().t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB, '-q'], { fake, env: { AMLNET_FAKE_AZ_MODE: 'logged-out' } });
      expect(r.code).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^ {2}- .*az login/i);
    });
  });
});
