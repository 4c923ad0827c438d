/**
 * `amlnet report --snapshot` applies the config (found as audit finds it, or --config), --rule and
 * --baseline exactly as `audit` does, so the SARIF and JSON it writes from a snapshot are the audit's.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, runCli } from '../support/e2e';

const EXAMPLE = join(REPO, 'examples', 'contoso-ml-platform.snapshot.json');
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amlnet-report-'));
  copyFileSync(EXAMPLE, join(dir, 'scan.json'));
  return dir;
}

describe('amlnet report applies what audit applies', () => {
  it('.amlnet.yaml in the current folder, and a baseline: the same SARIF and JSON as audit', async () => {
    const dir = folder();
    writeFileSync(
      join(dir, '.amlnet.yaml'),
      [
        'rules:',
        '  AMLNET010: off',
        '  AMLNET009: { severity: high }',
        'suppressions:',
        '  - rule: "*"',
        '    resource: /subscriptions/*/resourceGroups/rg-forecast/**',
        '    reason: forecast moves to the hub in Q3',
        '',
      ].join('\n'),
    );
    const created = await runCli(['baseline', 'create', '--snapshot', 'scan.json', '--output', 'b.json', '--workspace', 'ws-fraud-prod'], {
      cwd: dir,
    });
    expect(created.code).toBe(0);

    const audit = await runCli(
      ['audit', '--snapshot', 'scan.json', '--baseline', 'b.json', '--fail-on', 'none', '--sarif', 'audit.sarif', '--json', 'audit.json', '-q'],
      { cwd: dir },
    );
    const report = await runCli(['report', '--snapshot', 'scan.json', '--baseline', 'b.json', '--sarif', 'report.sarif', '--json', 'report.json'], {
      cwd: dir,
    });
    expect([audit.code, report.code]).toEqual([0, 0]);
    expect(report.stderr).toBe('');
    expect(read(dir, 'report.sarif')).toBe(read(dir, 'audit.sarif'));
    expect(read(dir, 'report.json')).toBe(read(dir, 'audit.json'));

    const json = JSON.parse(read(dir, 'report.json'));
    const kinds = (kind: string) => json.findings.filter((f: { suppression?: { kind: string } }) => f.suppression?.kind === kind);
    expect(kinds('config').length).toBeGreaterThan(0);
    expect(kinds('baseline').length).toBeGreaterThan(0);
    expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'AMLNET010')).toEqual([]);
    expect(
      json.findings.filter((f: { ruleId: string; severity: string }) => f.ruleId === 'AMLNET009').map((f: { severity: string }) => f.severity),
    ).toEqual(expect.arrayContaining(['high']));
    expect(json.baseline).toBe('b.json');
    const sarif = JSON.parse(read(dir, 'report.sarif'));
    expect(sarif.runs[0].results.some((r: { suppressions?: unknown[] }) => r.suppressions?.length)).toBe(true);
    expect(sarif.runs[0].artifacts?.[0]?.location?.uri ?? sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'scan.json',
    );
  });

  it('--config names another file, and a bad one is exit 2 naming it', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ rules: { AMLNET010: { severity: 'high' } } }));
    await runCli(['audit', '--snapshot', 'scan.json', '--config', 'strict.json', '--fail-on', 'none', '--sarif', 'audit.sarif', '-q'], { cwd: dir });
    const r = await runCli(['report', '--snapshot', 'scan.json', '--config', 'strict.json', '--sarif', 'report.sarif'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(read(dir, 'report.sarif')).toBe(read(dir, 'audit.sarif'));
    expect(
      JSON.parse(read(dir, 'report.sarif'))
        .runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'AMLNET010')
        .map((x: { level: string }) => x.level),
    ).toEqual(['error']);

    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ rules: { AMLNET999: 'on' } }));
    const bad = await runCli(['report', '--snapshot', 'scan.json', '--config', 'bad.json', '--sarif', 'x.sarif'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('amlnet: error: config bad.json: rules.AMLNET999: unknown rule id; run "amlnet rules" for the catalogue\n');
  });
});
