/**
 * End to end through the compiled CLI (`npm run build` first; `npm test` does it): one run writes
 * text, JSON, SARIF and Markdown; config, tags, overrides and baselines change the exit code
 * exactly as cli.md says; bad config and baselines exit 2 with a clear error.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSnapshot } from '../../src/cli/snapshot';
import { ciTenant, tempDir, writeJson } from '../support/ci-tenant';

const BIN = join(__dirname, '..', '..', 'bin', 'amlnet.js');

function amlnet(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function setup() {
  const dir = tempDir('amlnet-cli-');
  const c = ciTenant();
  writeSnapshot(join(dir, 'inventory.json'), c.t.inventory());
  return { dir, c };
}

beforeAll(() => {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'cli', 'main.js'))) throw new Error('run "npm run build" first');
});

describe('amlnet audit in CI', () => {
  it('writes text, JSON, SARIF and Markdown in one run, and exits 1 on the high finding', () => {
    const { dir } = setup();
    const r = amlnet(['audit', '--snapshot', 'inventory.json', '--json', 'a.json', '--sarif', 'a.sarif', '--markdown', 'a.md'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('3 finding(s) in 2 workspace(s): 1 high, 2 medium, 0 low, 0 info.');
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(json.summary).toEqual({ high: 1, medium: 2, low: 0, info: 0, suppressed: 0 });
    const sarif = JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8'));
    expect(sarif.runs[0].results).toHaveLength(3);
    // A snapshot run points SARIF at the snapshot itself, relative to the working folder.
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('inventory.json');
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toContain('| ws\\-alpha | `private-workspace` | 1 | 1 | 0 | 0 | 0 |');
    expect(existsSync(join(dir, 'amlnet-inventory.json'))).toBe(false);
  });

  it('--format sarif and --format markdown go to stdout', () => {
    const { dir } = setup();
    const s = amlnet(['audit', '--snapshot', 'inventory.json', '--format', 'sarif', '--fail-on', 'none'], dir);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout).version).toBe('2.1.0');
    const m = amlnet(['audit', '--snapshot', 'inventory.json', '-f', 'markdown'], dir);
    expect(m.code).toBe(1);
    expect(m.stdout).toMatch(/^## amlnet /);
  });

  it('applies .amlnet.yaml from the working folder: suppression by glob, severity override, and tag suppression', () => {
    const { dir, c } = setup();
    writeFileSync(
      join(dir, '.amlnet.yaml'),
      [
        'rules:',
        '  AMLNET301: { severity: low }',
        'suppressions:',
        '  - rule: AMLNET103',
        '    resource: /subscriptions/*/resourceGroups/rg-ml/**/computes/ci-far',
        '    reason: moving to westeurope',
        '    expires: 2999-12-31',
        '',
      ].join('\n'),
    );
    const r = amlnet(['audit', '--snapshot', 'inventory.json', '--json', 'a.json', '--fail-on', 'medium'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(json.summary).toEqual({ high: 0, medium: 0, low: 2, info: 0, suppressed: 1 });
    expect(json.findings[0].suppression).toEqual({
      kind: 'config',
      reason: 'moving to westeurope',
      expires: '2999-12-31',
      source: `${join(dir, '.amlnet.yaml')} suppressions[0]`,
    });
    expect(r.stdout).toContain('(suppressed: moving to westeurope)');
    expect(amlnet(['audit', '--snapshot', 'inventory.json', '--fail-on', 'low'], dir).code).toBe(1);

    // The same finding suppressed by a tag in the tenant instead.
    const tagged = c.t.inventory();
    tagged.resources.find((x) => x.id === c.farCompute)!.tags = { 'amlnet-ignore': 'AMLNET103', 'amlnet-ignore-reason': 'lab compute' };
    writeSnapshot(join(dir, 'tagged.json'), tagged);
    const t = amlnet(['audit', '--snapshot', 'tagged.json', '--config', 'none.json', '--json', 't.json'], dir);
    expect(t.stderr).toBe(`amlnet: error: cannot read config none.json: no such file\n`);
    expect(t.code).toBe(2);
    writeJson(join(dir, 'empty.json'), {});
    const t2 = amlnet(['audit', '--snapshot', 'tagged.json', '--config', 'empty.json', '--json', 't.json'], dir);
    expect(t2.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')).findings[0].suppression).toEqual({
      kind: 'tag',
      reason: 'lab compute',
      source: 'tag amlnet-ignore on ci-far',
    });
  });

  it('an expired suppression fails the run again and warns on stderr', () => {
    const { dir, c } = setup();
    writeJson(join(dir, '.amlnet.json'), {
      suppressions: [{ rule: 'AMLNET103', resource: c.farCompute, reason: 'temporary', expires: '2020-01-31' }],
    });
    const r = amlnet(['audit', '--snapshot', 'inventory.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `amlnet: warning: suppression ${join(dir, '.amlnet.json')} suppressions[0] (AMLNET103 on ${c.farCompute}) expired on 2020-01-31; its findings count again: renew or remove it\n`,
    );
    expect(r.stdout).toContain('suppression expired on 2020-01-31');
  });

  it('turning a rule off changes the exit code', () => {
    const { dir } = setup();
    writeJson(join(dir, 'c.json'), { rules: { AMLNET103: 'off' } });
    expect(amlnet(['audit', '--snapshot', 'inventory.json', '--config', 'c.json'], dir).code).toBe(0);
    expect(amlnet(['audit', '--snapshot', 'inventory.json', '--config', 'c.json', '--fail-on', 'medium'], dir).code).toBe(1);
  });

  it.each([
    [
      { rules: { AMLNET103: { severity: 'critical' } } },
      'config c.json: rules.AMLNET103.severity: expected one of high, medium, low, info (got "critical")',
    ],
    [
      { suppressions: [{ rule: 'AMLNET103', resource: '/subscriptions/x' }] },
      'config c.json: suppressions[0].reason: a reason is required: say why this finding is accepted (it is shown in every report)',
    ],
  ])('an invalid config exits 2 before anything is scanned: %j', (config, message) => {
    const { dir } = setup();
    writeJson(join(dir, 'c.json'), config);
    const r = amlnet(['audit', '--snapshot', 'inventory.json', '--config', 'c.json', '--sarif', 'a.sarif'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`amlnet: error: ${message}\n`);
    expect(r.stdout).toBe('');
  });

  it('--rule with an unknown id exits 2', () => {
    const { dir } = setup();
    const r = amlnet(['audit', '--snapshot', 'inventory.json', '--rule', 'AMLNET999'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('amlnet: error: --rule "AMLNET999": unknown rule id; run "amlnet rules" for the catalogue\n');
  });
});

describe('amlnet baseline', () => {
  it('create, then audit --baseline: exit 1 only for the new finding, and the fixed one is listed', () => {
    const { dir, c } = setup();
    const created = amlnet(['baseline', 'create', '--snapshot', 'inventory.json', '--output', 'b.json'], dir);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe('amlnet: baseline b.json records 3 finding(s)\n');
    const baseline = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    expect(baseline.kind).toBe('amlnet-baseline');
    expect(baseline.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AMLNET103', 'AMLNET301', 'AMLNET301']);

    // Same tenant: nothing new, exit 0 even at --fail-on info.
    expect(amlnet(['audit', '--snapshot', 'inventory.json', '--baseline', 'b.json', '--fail-on', 'info'], dir).code).toBe(0);

    // One datastore fixed, one new compute in the wrong region.
    c.t.find(c.alphaDatastore)!.properties!.serviceDataAccessAuthIdentity = 'WorkspaceSystemAssignedIdentity';
    const newer = c.t.compute(c.beta, 'ci-new', {
      type: 'ComputeInstance',
      location: 'eastus',
      subnet: c.betaComputeSubnet,
      enableNodePublicIp: false,
    });
    writeSnapshot(join(dir, 'later.json'), c.t.inventory());
    const r = amlnet(
      ['audit', '--snapshot', 'later.json', '--baseline', 'b.json', '--json', 'a.json', '--markdown', 'a.md', '--sarif', 'a.sarif'],
      dir,
    );
    expect(r.code).toBe(1);
    const json = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    const open = json.findings.filter((f: { suppressed: boolean }) => !f.suppressed);
    expect(open.map((f: { resourceId: string }) => f.resourceId)).toEqual([newer]);
    expect(json.fixed.map((f: { resourceId: string }) => f.resourceId)).toEqual([c.alphaDatastore]);
    expect(json.findings.filter((f: { suppression?: { kind: string } }) => f.suppression?.kind === 'baseline')).toHaveLength(2);
    expect(r.stdout).toContain(`1 finding(s) of the baseline b.json fixed:`);
    expect(r.stdout).toContain(`fixed AMLNET301 ${c.alphaDatastore.split('/').pop()}  Datastore`);
    expect(readFileSync(join(dir, 'a.md'), 'utf8')).toContain('### Fixed since the baseline (1)');
    const sarif = JSON.parse(readFileSync(join(dir, 'a.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: { baselineState: string }) => x.baselineState)).toEqual(['unchanged', 'new', 'unchanged']);

    // Without the new compute (remove it): exit 0.
    c.t.resources.splice(
      c.t.resources.findIndex((x) => x.id === newer),
      1,
    );
    writeSnapshot(join(dir, 'fixed.json'), c.t.inventory());
    expect(amlnet(['audit', '--snapshot', 'fixed.json', '--baseline', 'b.json', '--fail-on', 'info'], dir).code).toBe(0);
  });

  it.each([
    ['not json', 'baseline b.json is not valid JSON'],
    [
      JSON.stringify({ kind: 'amlnet-baseline', schemaVersion: 1, findings: [{ ruleId: 'AMLNET103' }] }),
      'amlnet: error: baseline b.json is not an amlnet baseline: findings[0].fingerprint: expected 32 lower-case hex digits; create it with "amlnet baseline create"\n',
    ],
    [
      JSON.stringify({ schemaVersion: 1, findings: [] }),
      'amlnet: error: baseline b.json is not an amlnet baseline: kind: expected "amlnet-baseline" (got undefined); create it with "amlnet baseline create"\n',
    ],
  ])('a malformed baseline exits 2 with a clear error (%s)', (content, message) => {
    const { dir } = setup();
    writeFileSync(join(dir, 'b.json'), content);
    const r = amlnet(['audit', '--snapshot', 'inventory.json', '--baseline', 'b.json'], dir);
    expect(r.code).toBe(2);
    if (message.endsWith('\n')) expect(r.stderr).toBe(message);
    else expect(r.stderr).toContain(message);
  });

  it('baseline create needs --output', () => {
    const { dir } = setup();
    const r = amlnet(['baseline', 'create', '--snapshot', 'inventory.json'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '-o, --output <file>' not specified");
  });
});
