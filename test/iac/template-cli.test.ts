/**
 * `amlnet audit --template` through the compiled CLI, alone (no base): exact findings, change and
 * source, the exit code, and every bad input as one line with exit 2.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO, runCli } from '../support/e2e';

const T = 'test/fixtures/iac/private-storage-no-endpoint.json';
const SUB = '00000000-0000-0000-0000-000000000000';
const RG = `/subscriptions/${SUB}/resourceGroups/amlnet-deployment/providers`;
const WS = `${RG}/Microsoft.MachineLearningServices/workspaces/pr1-ws`;
// uniqueString('/subscriptions/0000.../resourceGroups/amlnet-deployment') = 5unii46bkp2tu, as ARM computes it (see functions.test.ts).
const ST = `${RG}/Microsoft.Storage/storageAccounts/pr1st5unii46bkp2tu`;

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'amlnet-iac-'));
}

describe('audit --template alone', () => {
  test('the planned resources are audited, each finding is new and points at the line declaring its resource', async () => {
    const r = await runCli(['audit', '--template', T, '--parameter', 'prefix=pr1', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    const wsSource = { kind: 'template', file: T, name: WS, line: 36 };
    expect(json.findings.map((f: any) => [f.ruleId, f.severity, f.resourceId, f.change, f.source])).toEqual([
      // The storage account denies public traffic and nothing else reaches it, so serverless image builds cannot read it.
      ['AMLNET011', 'high', WS, 'new', wsSource],
      // The new workspace's default datastores are made by the service: the datastore rules cannot be evaluated for it.
      ['AMLNET900', 'high', `/subscriptions/${SUB}`, 'new', wsSource],
      // A public workspace in front of a restricted default storage account.
      ['AMLNET002', 'medium', WS, 'new', wsSource],
    ]);
    expect(json.findings[2].message).toContain(
      `its default storage account pr1st5unii46bkp2tu is restricted (publicNetworkAccess absent, networkAcls.defaultAction Deny)`,
    );
    expect(json.findings[1].message).toContain('Not known before deployment: the default datastores of the new workspace pr1-ws');
    expect(json.unevaluatedRules.map((u: any) => [u.ruleId, u.workspaceIds])).toEqual([
      ['AMLNET301', [WS]],
      ['AMLNET302', [WS]],
      ['AMLNET303', [WS]],
    ]);
    expect(json.change).toEqual({ inputs: [{ kind: 'template', file: T }], base: false, onlyNew: false, introduced: 3, fixed: [], notes: [] });
    expect(json.source).toEqual({ kind: 'none' });
    expect(json.workspaces).toEqual([
      { id: WS, name: 'pr1-ws', scenario: 'public-workspace-private-resources', counts: { high: 1, medium: 1, low: 0, info: 0 } },
    ]);
    expect(ST).toContain('5unii46bkp2tu');
  });

  test('text and Markdown say what the change introduces', async () => {
    const dir = tmp();
    const md = path.join(dir, 'pr.md');
    const r = await runCli(['audit', '--template', T, '--parameter', 'prefix=pr1', '--markdown', md]);
    expect(r.stdout).toContain('This change introduces 3 finding(s) and fixes 0 (no base: every finding is new).');
    // One line a finding, marked new; --details says where it is declared.
    expect(r.stdout).toMatch(/^ {2}HIGH {3}AMLNET011 pr1-ws +\(new\) Workspace pr1-ws: imageBuildCompute is not set/m);
    const details = await runCli(['audit', '--template', T, '--parameter', 'prefix=pr1', '--details', '-q'], { env: { COLUMNS: '400' } });
    expect(details.stdout).toContain(`change: new declared at ${T}:36 (${WS})`);
    const text = require('node:fs').readFileSync(md, 'utf8') as string;
    expect(text.split('\n')[2]).toBe(
      '**This change introduces 3 finding(s) and fixes 0.** (`test/fixtures/iac/private\\-storage\\-no\\-endpoint\\.json`, checked alone (no base: every finding is new))',
    );
  });

  test.each<[string, string[], (dir: string) => void, RegExp]>([
    [
      'invalid JSON',
      ['--template', 'bad.json'],
      (d) => writeFileSync(path.join(d, 'bad.json'), '{ "resources": [ }'),
      /^amlnet: error: template bad\.json is not valid JSON: ValueExpected at line 1\n$/,
    ],
    [
      'an unknown function',
      ['--template', 'fn.json'],
      (d) =>
        writeFileSync(
          path.join(d, 'fn.json'),
          JSON.stringify({ resources: [{ type: 'Microsoft.Storage/storageAccounts', name: "[frobnicate('x')]", apiVersion: '2023-01-01' }] }),
        ),
      /^amlnet: error: template fn\.json: unknown template function frobnicate\(\)\n$/,
    ],
    [
      'a missing parameter',
      ['--template', path.join(REPO, T)],
      () => undefined,
      /^amlnet: error: template .*private-storage-no-endpoint\.json: missing required parameter prefix \(no default value\): pass --parameters <file> or --parameter prefix=<value>\n$/,
    ],
    [
      'a parameter the template does not declare',
      ['--template', path.join(REPO, T), '--parameter', 'prefix=a', '--parameter', 'nope=1'],
      () => undefined,
      /^amlnet: error: template .*: the parameter nope is not declared by the template \(its parameters: prefix, location\)\n$/,
    ],
    [
      'a bad --deployment-scope',
      ['--template', path.join(REPO, T), '--deployment-scope', 'rg1'],
      () => undefined,
      /^amlnet: error: --deployment-scope "rg1" must be \/subscriptions\/<subscription-id>\/resourceGroups\/<name>/,
    ],
    ['a missing template', ['--template', 'nope.json'], () => undefined, /^amlnet: error: cannot read template nope\.json: no such file\n$/],
  ])('%s is exit 2 with one line', async (_name, args, setup, expected) => {
    const dir = tmp();
    setup(dir);
    const r = await runCli(['audit', ...args], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(expected);
    expect(r.code).toBe(2);
  });

  test('a .bicep file with neither bicep nor az on PATH is exit 2 naming the command', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'main.bicep'), "resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {}\n");
    const r = await runCli(['audit', '--template', 'main.bicep'], { cwd: dir, env: { PATH: path.dirname(process.execPath) } });
    expect(r.stderr).toBe(
      'amlnet: error: main.bicep is Bicep, and neither bicep nor az is on PATH to compile it: install the Bicep CLI, or run "az bicep build --file main.bicep --outfile main.json" and pass the JSON to --template\n',
    );
    expect(r.code).toBe(2);
  });

  test('a .bicep file is compiled with the bicep on PATH (a stand-in that prints the compiled template)', async () => {
    const dir = tmp();
    const bin = path.join(dir, 'bin');
    require('node:fs').mkdirSync(bin);
    writeFileSync(path.join(dir, 'main.bicep'), '// compiled by the stand-in\n');
    // The stand-in checks it was asked for `build --stdout <file>` and prints our template as bicep would.
    writeFileSync(
      path.join(bin, 'bicep'),
      `#!/bin/sh\n[ "$1" = build ] && [ "$2" = --stdout ] && [ "$3" = main.bicep ] || { echo "unexpected: $*" >&2; exit 9; }\ncat ${JSON.stringify(path.join(REPO, T))}\n`,
    );
    chmodSync(path.join(bin, 'bicep'), 0o755);
    const r = await runCli(['audit', '--template', 'main.bicep', '--parameter', 'prefix=pr1', '--format', 'json'], {
      cwd: dir,
      env: { PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin` },
    });
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    expect(json.findings.map((f: any) => `${f.ruleId} ${f.source.file}:${f.source.line}`)).toEqual([
      'AMLNET011 main.bicep:36',
      'AMLNET900 main.bicep:36',
      'AMLNET002 main.bicep:36',
    ]);
  });
});
