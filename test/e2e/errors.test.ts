/** Bad input gets one clear line and exit code 2, never a stack trace. */
import * as fs from 'node:fs';
import { runCli, tmpFile, withFakeArm, withoutProgress } from '../support/e2e';
import { privateWorkspace, SUB } from '../support/scenarios';

function expectUsageError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  // After the progress log of a live scan.
  expect(withoutProgress(r.stderr)).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // no stack frames
}

describe('bad input', () => {
  it('an unknown flag', async () => {
    expectUsageError(await runCli(['audit', '--subscriptoin', SUB]), /^amlnet: error: unknown option '--subscriptoin'/);
  });

  it('a missing --subscription', async () => {
    expectUsageError(await runCli(['audit']), /--subscription <id> is required/);
  });

  it('a subscription id that is not a GUID', async () => {
    expectUsageError(await runCli(['audit', '--subscription', 'prod']), /is not a subscription id/);
  });

  it('an unknown command and a bad --fail-on', async () => {
    expectUsageError(await runCli(['audti']), /unknown command 'audti'/);
    expectUsageError(await runCli(['audit', '--subscription', SUB, '--fail-on', 'critical']), /--fail-on/);
  });

  it('a malformed snapshot: not JSON, not a snapshot, a missing file', async () => {
    const notJson = tmpFile('bad.json');
    fs.writeFileSync(notJson, '{"schemaVersion": 1, "resources": [');
    expectUsageError(await runCli(['audit', '--snapshot', notJson]), /snapshot .*bad\.json is not valid JSON/);
    const wrong = tmpFile('wrong.json');
    fs.writeFileSync(wrong, JSON.stringify({ schemaVersion: 1, resources: {} }));
    expectUsageError(await runCli(['audit', '--snapshot', wrong]), /"resources" must be an array/);
    expectUsageError(await runCli(['audit', '--snapshot', '/no/such/file.json']), /cannot read snapshot .*no such file/);
  });

  it('a subscription that does not exist', async () => {
    await withFakeArm({ tenant: privateWorkspace().t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', '99999999-9999-9999-9999-999999999999'], { fake });
      expectUsageError(r, /subscription 99999999-9999-9999-9999-999999999999 was not found/);
    });
  });

  it('a failed login (az reports that nobody is signed in)', async () => {
    await withFakeArm({ tenant: privateWorkspace().t.tenant() }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB], { fake, env: { AMLNET_FAKE_AZ_MODE: 'logged-out' } });
      expectUsageError(r, /authentication failed: .*az login/i);
      expect(fake.requests.filter((q) => q.hadBearerToken)).toEqual([]);
    });
  });

  it('an expired token that Resource Manager refuses (401): one line, exit 2, not a partial scan', async () => {
    const expired = { error: { code: 'ExpiredAuthenticationToken', message: 'The access token expiry UTC time is earlier than current UTC time.' } };
    await withFakeArm({ tenant: privateWorkspace().t.tenant(), faults: [{ path: '.*', status: 401, body: expired }] }, async (fake) => {
      const r = await runCli(['audit', '--subscription', SUB], { fake });
      expectUsageError(r, /^amlnet: error: authentication failed: Resource Manager refused the token \(HTTP 401 ExpiredAuthenticationToken\)/);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('fake-arm-token');
    });
  });

  it('an --arm-endpoint that is not an https URL', async () => {
    expectUsageError(await runCli(['audit', '--subscription', SUB, '--arm-endpoint', 'http://127.0.0.1:1']), /must use https/);
  });
});
