/**
 * The conventions users of checkov, trivy and az look for, through the compiled CLI on a snapshot:
 * --severity (what is listed) beside --fail-on (what fails), --skip-rule, AMLNET_* environment
 * variables, and the JSON verdict with each finding's fix and docs URL.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeSnapshot } from '../../src/cli/snapshot';
import { RULES } from '../../src/rules';
import { ciTenant, tempDir } from '../support/ci-tenant';

const BIN = join(__dirname, '..', '..', 'bin', 'amlnet.js');

function amlnet(args: string[], env: NodeJS.ProcessEnv = {}) {
  const dir = tempDir('amlnet-conv-');
  writeSnapshot(join(dir, 'inventory.json'), ciTenant().t.inventory());
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AMLNET_')));
  const r = spawnSync(process.execPath, [BIN, 'audit', '--snapshot', 'inventory.json', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...clean, NO_COLOR: '1', COLUMNS: '100', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function findingLines(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /^ {2}(HIGH|MEDIUM|LOW|INFO) /.test(l))
    .map((l) => l.trim().split(/\s+/).slice(0, 3).join(' '));
}

const fix = (id: string) => RULES.find((r) => r.meta.id === id)!.meta.remediation.text;

describe('--severity lists, --fail-on fails', () => {
  it('the ci tenant lists one high and two medium findings by default, grouped by workspace', () => {
    const r = amlnet([]);
    expect(r.code).toBe(1);
    expect(findingLines(r.stdout)).toEqual(['HIGH AMLNET103 ci-far', 'MEDIUM AMLNET301 images', 'MEDIUM AMLNET301 raw_<b>data_…(http:@evil)']);
  });

  it('--severity high lists only the high finding; the table, summary and exit code still count all three', () => {
    const r = amlnet(['--severity', 'high', '--fail-on', 'medium']);
    expect(r.code).toBe(1);
    expect(findingLines(r.stdout)).toEqual(['HIGH AMLNET103 ci-far']);
    expect(r.stdout).toContain('FAIL (exit 1): 3 finding(s) at medium or above fail the run (--fail-on medium)');
    expect(r.stdout).toContain('ws-beta    private-workspace     0       1    0     0');
    expect(r.stdout).toContain('3 finding(s) in 2 workspace(s): 1 high, 2 medium, 0 low, 0 info.');
    expect(r.stdout).toContain('2 finding(s) below --severity high are not listed (they still count for --fail-on).');
  });

  it('--severity in JSON: the findings list is shortened and says so, the verdict is not', () => {
    const json = JSON.parse(amlnet(['--severity', 'high', '-f', 'json']).stdout);
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AMLNET103']);
    expect(json.shown).toEqual({ severity: 'high', hidden: 2 });
    expect(json.verdict).toEqual({
      failOn: 'high',
      exitCode: 1,
      failing: 1,
      partial: false,
      reason: '1 finding(s) at high fail the run (--fail-on high)',
    });
  });

  it("--fail-on none reports everything and exits 0 (checkov's --soft-fail)", () => {
    const r = amlnet(['--fail-on', 'none']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('PASS (exit 0): --fail-on none: findings never fail the run (3 reported)');
    expect(findingLines(r.stdout)).toHaveLength(3);
  });

  it('a bad --severity is exit 2 naming the flag', () => {
    const r = amlnet(['--severity', 'critical']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^amlnet: error: option '--severity <severity>' argument 'critical' is invalid/);
  });
});

describe('--skip-rule', () => {
  it('does not run the rule (repeatable, comma-separated, any case)', () => {
    const r = amlnet(['--skip-rule', 'amlnet301', '-f', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AMLNET103']);
    const both = amlnet(['--skip-rule', 'AMLNET301,AMLNET103']);
    expect(both.code).toBe(0);
    expect(findingLines(both.stdout)).toEqual([]);
  });

  it('an unknown rule, or AMLNET900 (a gap is never silent), is exit 2 with one line', () => {
    const unknown = amlnet(['--skip-rule', 'AMLNET999']);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      'amlnet: error: --skip-rule "AMLNET999": unknown rule id; run "amlnet rules" for the catalogue\n',
    ]);
    const gap = amlnet(['--skip-rule', 'AMLNET900']);
    expect(gap.code).toBe(2);
    expect(gap.stderr).toBe(
      'amlnet: error: --skip-rule AMLNET900: what could not be read is always reported; suppress a known gap in the config with a reason instead\n',
    );
  });
});

describe('AMLNET_* environment variables', () => {
  it('stand for the flags, and a flag on the command line wins', () => {
    expect(amlnet([], { AMLNET_FAIL_ON: 'none' }).code).toBe(0);
    expect(amlnet(['--fail-on', 'high'], { AMLNET_FAIL_ON: 'none' }).code).toBe(1);
    expect(findingLines(amlnet([], { AMLNET_SEVERITY: 'high' }).stdout)).toEqual(['HIGH AMLNET103 ci-far']);
    expect(JSON.parse(amlnet([], { AMLNET_FORMAT: 'json', AMLNET_SKIP_RULE: 'AMLNET103' }).stdout).findings).toHaveLength(2);
  });

  it('a bad value names the variable', () => {
    const r = amlnet([], { AMLNET_FAIL_ON: 'critical' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "amlnet: error: option '--fail-on <severity>' value 'critical' from env 'AMLNET_FAIL_ON' is invalid. Allowed choices are high, medium, low, info, none.\n(run with --help for usage)\n",
    );
  });

  it('AMLNET_SUBSCRIPTION set for live scans does not break a --snapshot audit (the flag typed out still does)', () => {
    expect(amlnet([], { AMLNET_SUBSCRIPTION: '00000000-0000-0000-0000-000000000001' }).code).toBe(1);
    const typed = amlnet(['--subscription', '00000000-0000-0000-0000-000000000001']);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('--snapshot and --subscription cannot be combined');
  });
});

describe("JSON adds the verdict and each finding's fix and docs URL", () => {
  it('verdict, per-workspace counts, fix and docsUrl', () => {
    const json = JSON.parse(amlnet(['-f', 'json', '--fail-on', 'medium']).stdout);
    expect(json.verdict).toEqual({
      failOn: 'medium',
      exitCode: 1,
      failing: 3,
      partial: false,
      reason: '3 finding(s) at medium or above fail the run (--fail-on medium)',
    });
    expect(json.workspaces.map((w: { name: string; counts: unknown }) => [w.name, w.counts])).toEqual([
      ['ws-alpha', { high: 1, medium: 1, low: 0, info: 0 }],
      ['ws-beta', { high: 0, medium: 1, low: 0, info: 0 }],
    ]);
    expect(json.findings.map((f: { ruleId: string; fix: string; docsUrl: string }) => [f.ruleId, f.fix, f.docsUrl])).toEqual([
      ['AMLNET103', fix('AMLNET103'), 'https://github.com/amlnet/amlnet/blob/main/docs/rules/AMLNET103.md'],
      ['AMLNET301', fix('AMLNET301'), 'https://github.com/amlnet/amlnet/blob/main/docs/rules/AMLNET301.md'],
      ['AMLNET301', fix('AMLNET301'), 'https://github.com/amlnet/amlnet/blob/main/docs/rules/AMLNET301.md'],
    ]);
  });
});

describe('--help', () => {
  it('has examples, exit codes and the environment variables', () => {
    const r = spawnSync(process.execPath, [BIN, 'audit', '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:\n  # check a subscription; exit 1 on a high finding\n  amlnet audit --subscription <id>\n');
    expect(r.stdout).toContain('Exit codes:\n  0  no finding at or above --fail-on');
    // Each variable beside the flag it stands for, --max-wait's too (the list is made from the options).
    for (const [v, flag] of [
      ['AMLNET_SUBSCRIPTION', '--subscription'],
      ['AMLNET_FAIL_ON', '--fail-on'],
      ['AMLNET_SEVERITY', '--severity'],
      ['AMLNET_FORMAT', '--format'],
      ['AMLNET_CONFIG', '--config'],
      ['AMLNET_BASELINE', '--baseline'],
      ['AMLNET_SKIP_RULE', '--skip-rule'],
      ['AMLNET_MAX_WAIT', '--max-wait'],
      ['AMLNET_ARM_ENDPOINT', '--arm-endpoint'],
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${v} +${flag}\\b`, 'm'));
    }
    for (const v of ['NO_COLOR', 'FORCE_COLOR', 'TERM=dumb', 'COLUMNS']) expect(r.stdout).toMatch(new RegExp(`^  ${v} `, 'm'));
    expect(r.stdout).toContain('--soft-fail');
  });
});
