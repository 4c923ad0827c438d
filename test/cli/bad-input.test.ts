/**
 * Bad input, command by command, as a new user makes it: a missing file, a folder instead of a file,
 * invalid JSON, a config key that does not exist, an unknown rule, a bad --fail-on or --severity,
 * inputs that cannot go together, an output in a missing folder, an output that is the input. Each is
 * one line that names the file or flag, exit 2, nothing on stdout, no stack trace; never 0 or 1. In
 * process through main(), offline (snapshots and files only), so the whole matrix runs in seconds.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { writeSnapshot } from '../../src/cli/snapshot';
import { REPO } from '../support/e2e';
import { ciTenant, tempDir } from '../support/ci-tenant';

const dir = tempDir('amlnet-bad-');
const SNAP = join(dir, 'snap.json');
writeSnapshot(SNAP, ciTenant().t.inventory());
const MISSING = join(dir, 'missing.json');
const FOLDER = join(dir, 'a-folder');
mkdirSync(FOLDER);
const NOT_JSON = join(dir, 'not.json');
writeFileSync(NOT_JSON, '{"schemaVersion": 1, "resources": [');
const UNKNOWN_KEY = join(dir, 'unknown.yaml');
writeFileSync(UNKNOWN_KEY, 'rules:\n  AMLNET001: off\nbogusKey: 1\n');
const TEMPLATE = join(REPO, 'examples', 'pr', 'vision-dev.json');
const PLAN = join(REPO, 'test', 'fixtures', 'terraform', 'avm-workspace', 'tfplan.json');
const WHAT_IF = join(dir, 'whatif.json');
writeFileSync(WHAT_IF, JSON.stringify({ status: 'Succeeded', changes: [] }));
const SCOPE = '/subscriptions/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/resourceGroups/rg-vision-dev';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
    env: {},
  });
  return { code, stdout, stderr };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** [what, argv, what the one line must say] */
const CASES: Array<[string, string[], RegExp]> = [];
const add = (what: string, argv: string[], says: RegExp) => CASES.push([`${argv[0]}${argv[1] === 'create' ? ' create' : ''}: ${what}`, argv, says]);

// Every command that reads a snapshot.
for (const [cmd, extra] of [
  ['audit', []],
  ['report', ['--json', join(dir, 'r.json')]],
  ['graph', []],
  ['baseline create', ['--output', join(dir, 'b.json')]],
] as Array<[string, string[]]>) {
  const c = cmd.split(' ');
  add('a missing snapshot', [...c, '--snapshot', MISSING, ...extra], new RegExp(`cannot read snapshot ${esc(MISSING)}: no such file$`));
  add(
    'a folder as the snapshot',
    [...c, '--snapshot', FOLDER, ...extra],
    new RegExp(`cannot read snapshot ${esc(FOLDER)}: it is a folder, not a file$`),
  );
  add(
    'a snapshot that is not JSON',
    [...c, '--snapshot', NOT_JSON, ...extra],
    new RegExp(`snapshot ${esc(NOT_JSON)} is not valid JSON .*--save-snapshot$`),
  );
  if (cmd !== 'report')
    add(
      'a snapshot with --subscription typed out',
      [...c, '--snapshot', SNAP, '--subscription', '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', ...extra],
      /^--snapshot and --subscription cannot be combined/,
    );
  add(
    'a workspace the snapshot does not have',
    [...c, '--snapshot', SNAP, '--workspace', 'ws-nope', ...extra],
    /^--workspace ws-nope matches no workspace in snapshot .*; it has ws-alpha/,
  );
  add(
    'an argument the command does not take',
    [...c, SNAP, '--snapshot', SNAP, ...extra],
    /^unexpected argument ".*snap\.json": amlnet \w+ takes no arguments/,
  );
}
// Every command that reads a config and rules.
for (const [cmd, extra] of [
  ['audit', []],
  ['report', ['--json', join(dir, 'r.json')]],
  ['baseline create', ['--output', join(dir, 'b.json')]],
] as Array<[string, string[]]>) {
  const c = [...cmd.split(' '), '--snapshot', SNAP];
  add(
    'a config with an unknown key',
    [...c, '--config', UNKNOWN_KEY, ...extra],
    new RegExp(`^config ${esc(UNKNOWN_KEY)}: bogusKey: unknown key \\(expected rules, suppressions\\)$`),
  );
  add('a missing config', [...c, '--config', MISSING, ...extra], new RegExp(`^cannot read config ${esc(MISSING)}: no such file$`));
  add('a folder as the config', [...c, '--config', FOLDER, ...extra], new RegExp(`^cannot read config ${esc(FOLDER)}: it is a folder, not a file$`));
  add(
    'an unknown rule in --skip-rule',
    [...c, '--skip-rule', 'AMLNET999', ...extra],
    /^--skip-rule "AMLNET999": unknown rule id; run "amlnet rules" for the catalogue$/,
  );
  add('an unknown rule in --rule', [...c, '--rule', 'AMLNET999', ...extra], /^--rule "AMLNET999": unknown rule id/);
  add(
    '--rule and --skip-rule on one rule',
    [...c, '--rule', 'AMLNET601', '--skip-rule', 'amlnet601', ...extra],
    /^--rule AMLNET601 and --skip-rule AMLNET601 contradict each other: keep one$/,
  );
}
// audit's own flags and inputs.
const A = ['audit', '--snapshot', SNAP];
add(
  'a bad --fail-on',
  [...A, '--fail-on', 'critical'],
  /^option '--fail-on <severity>' argument 'critical' is invalid\. Allowed choices are high, medium, low, info, none\.$/,
);
add('a bad --severity', [...A, '--severity', 'critical'], /^option '--severity <severity>' argument 'critical' is invalid/);
add('a bad --format', [...A, '--format', 'yaml'], /^option '-f, --format <format>' argument 'yaml' is invalid/);
add('a bad --concurrency on a snapshot audit', [...A, '--concurrency', '0'], /^--concurrency must be a whole number from 1 to 64 \(got "0"\)$/);
add('a bad --max-wait on a snapshot audit', [...A, '--max-wait', 'forever'], /^--max-wait must be a duration of at most a day/);
add('--snapshot with --management-group', [...A, '--management-group', 'mg'], /^--snapshot and --management-group cannot be combined/);
add('--snapshot with --all-subscriptions', [...A, '--all-subscriptions'], /^--snapshot and --all-subscriptions cannot be combined/);
add(
  '--subscription with --all-subscriptions',
  ['audit', '--subscription', '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', '--all-subscriptions'],
  /^--subscription cannot be combined with --management-group or --all-subscriptions/,
);
add(
  '-o equal to the snapshot',
  [...A, '-o', SNAP],
  new RegExp(`^--output ${esc(SNAP)} is the --snapshot input: amlnet never writes over what it reads; choose another file$`),
);
add(
  '--sarif equal to the template',
  [...A, '--template', TEMPLATE, '--deployment-scope', SCOPE, '--sarif', TEMPLATE],
  /^--sarif .*vision-dev\.json is the --template input/,
);
add(
  '--json equal to the Terraform plan',
  ['audit', '--terraform-plan', PLAN, '--json', PLAN],
  /^--json .*tfplan\.json is the --terraform-plan input/,
);
add('an output that is a folder', [...A, '-o', FOLDER], new RegExp(`^cannot write --output ${esc(FOLDER)}: it is a folder$`));
add(
  'two outputs to one file',
  [...A, '--sarif', join(dir, 'x'), '--json', join(dir, 'x')],
  /^--json and --sarif both write .*x: give each output its own file$/,
);
add('a baseline that is not JSON', [...A, '--baseline', NOT_JSON], new RegExp(`^baseline ${esc(NOT_JSON)} is not valid JSON`));
add('a snapshot given as the baseline', [...A, '--baseline', SNAP], /^baseline .*snap\.json is not an amlnet baseline/);
add('a missing template', ['audit', '--template', MISSING], new RegExp(`^cannot read template ${esc(MISSING)}: no such file$`));
add('a folder as the template', ['audit', '--template', FOLDER], new RegExp(`^cannot read template ${esc(FOLDER)}: it is a folder, not a file$`));
add('a template that is not JSON', ['audit', '--template', NOT_JSON], new RegExp(`^template ${esc(NOT_JSON)} is not valid JSON`));
add(
  'a bad --deployment-scope',
  ['audit', '--template', TEMPLATE, '--deployment-scope', '/foo'],
  /^--deployment-scope "\/foo" must be \/subscriptions\//,
);
add('--parameters without --template', [...A, '--parameters', NOT_JSON], /^--parameters goes with --template/);
add('--parameters beside --what-if', [...A, '--what-if', WHAT_IF, '--parameters', NOT_JSON], /^--parameters goes with --template/);
add(
  '--deployment-scope without a change',
  [...A, '--deployment-scope', SCOPE],
  /^--deployment-scope goes with a change to audit: --template, --what-if or --terraform-plan$/,
);
add('--location without a change', [...A, '--location', 'westeurope'], /^--location goes with a change to audit/);
add('a missing what-if', ['audit', '--what-if', MISSING], new RegExp(`^cannot read what-if result ${esc(MISSING)}: no such file$`));
add('a what-if that is not JSON', ['audit', '--what-if', NOT_JSON], new RegExp(`^what-if result ${esc(NOT_JSON)} is not valid JSON`));
add(
  'a missing Terraform plan',
  ['audit', '--terraform-plan', MISSING],
  new RegExp(`^${esc(MISSING)}: cannot read the Terraform plan .*terraform show -json`),
);
add('a Terraform plan that is not JSON', ['audit', '--terraform-plan', NOT_JSON], new RegExp(`^${esc(NOT_JSON)}: not valid JSON .*--terraform-plan`));
add('--terraform-root without a plan', [...A, '--what-if', WHAT_IF, '--terraform-root', dir], /^--terraform-root goes with --terraform-plan/);
add('--only-new without a change', [...A, '--only-new'], /^--only-new compares a change with its base/);
// The other commands' own.
add('report with nothing to write', ['report', '--snapshot', SNAP], /^say what to write: --json <file>/);
add('report without a snapshot', ['report', '--html', join(dir, 'r.html')], /^--snapshot <file> is required/);
add('report --html equal to the snapshot', ['report', '--snapshot', SNAP, '--html', SNAP], /^--html .*snap\.json is the --snapshot input/);
add('graph with a bad --format', ['graph', '--snapshot', SNAP, '--format', 'png'], /^option '-f, --format <format>' argument 'png' is invalid/);
add('graph -o equal to the snapshot', ['graph', '--snapshot', SNAP, '-o', SNAP], /^--output .*snap\.json is the --snapshot input/);
add('baseline create without --output', ['baseline', 'create', '--snapshot', SNAP], /^required option '-o, --output <file>' not specified$/);
add(
  'baseline create --output equal to the snapshot',
  ['baseline', 'create', '--snapshot', SNAP, '-o', SNAP],
  /^--output .*snap\.json is the --snapshot input/,
);
add('an unknown rule', ['rules', 'AMLNET999'], /^unknown rule "AMLNET999"; run "amlnet rules" for the catalogue$/);
add('two rule ids', ['rules', 'AMLNET001', 'AMLNET002'], /^unexpected argument "AMLNET002"/);

describe('bad input: one line naming the file or flag, exit 2', () => {
  it.each(CASES)('%s', async (_what, argv, says) => {
    const r = await run(argv);
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    // Commander's parse errors add its hint on a line of their own; the error itself is still one line.
    const message = lines.filter((l) => l !== '(run with --help for usage)');
    expect({ code: r.code, stdout: r.stdout, lines: message.length }).toEqual({ code: 2, stdout: '', lines: 1 });
    expect(message[0]).toMatch(/^amlnet: error: /);
    expect(message[0].replace(/^amlnet: error: /, '')).toMatch(says);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  });

  it('an output in a folder that does not exist is not bad input: the folders are made', async () => {
    const out = join(dir, 'new', 'deeper', 'report.sarif');
    const r = await run([...A, '-q', '--sarif', out, '--fail-on', 'none']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(existsSync(out)).toBe(true);
  });
});
