/**
 * docs/cli.md is the contract users script against: it must name every option the CLI accepts,
 * the exit codes the CLI returns, the JSON fields it writes and the SARIF severities it sets. And
 * nothing users read may send them to files they do not have (the team's ../shared).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildProgram } from '../../src/cli/main';
import { SECURITY_SEVERITY } from '../../src/report/sarif';
import { FORMAT_NAMES } from '../../src/report/formats';
import { REPO, runCli } from '../support/e2e';

const doc = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8');
const EXAMPLE = join(REPO, 'examples', 'contoso-ml-platform.snapshot.json');
const section = (title: string) => {
  const start = doc.indexOf(`\n## ${title}`);
  expect(start).toBeGreaterThan(0);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : files(p, ext);
    return p.endsWith(ext) ? [p] : [];
  });
}

describe('docs/cli.md', () => {
  it('names every option of every command', () => {
    const program = buildProgram({ stdout: () => {}, stderr: () => {}, isTTY: false, env: {} }, () => {});
    const missing: string[] = [];
    const walk = (cmd: typeof program, path: string) => {
      for (const o of cmd.options)
        if (o.long && o.long !== '--version' && !new RegExp(`\`[^\`\n]*${o.long}(?![\\w-])`).test(doc)) missing.push(`${path} ${o.long}`);
      for (const sub of cmd.commands) walk(sub, `${path} ${sub.name()}`);
    };
    walk(program, 'amlnet');
    expect(missing).toEqual([]); // document each in docs/cli.md
    for (const c of program.commands) expect(section('Commands')).toContain(`\`amlnet ${c.name()}`);
    for (const f of FORMAT_NAMES) expect(section('`amlnet audit` options')).toContain(`\`${f}\``);
  });

  it('lists the exit codes the CLI returns, and only those', async () => {
    const codes = [...section('Exit codes').matchAll(/^\| `(\d)` \|/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([0, 1, 2]);
    const pass = await runCli(['audit', '--snapshot', EXAMPLE, '--fail-on', 'none', '-q']);
    const fail = await runCli(['audit', '--snapshot', EXAMPLE, '-q']);
    const usage = await runCli(['audit', '--snapshot', join(REPO, 'package.json')]);
    expect([pass.code, fail.code, usage.code]).toEqual([0, 1, 2]);
    expect(usage.stderr).toMatch(/^amlnet: error: snapshot .*package\.json/);
  });

  it('shows JSON fields the report has, and the scenarios it uses', async () => {
    const block = /## JSON output[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1];
    const example = JSON.parse(block.replace(/"\/subscriptions\/\.\.\.[^"]*"/g, '"x"'));
    const real = JSON.parse((await runCli(['audit', '--snapshot', EXAMPLE, '--format', 'json', '-q'])).stdout);
    expect(Object.keys(real)).toEqual(expect.arrayContaining(Object.keys(example)));
    expect(Object.keys(real.findings[0])).toEqual(expect.arrayContaining(Object.keys(example.findings[0])));
    expect(Object.keys(real.workspaces[0])).toEqual(expect.arrayContaining(Object.keys(example.workspaces[0])));
    expect(Object.keys(real.summary).sort()).toEqual(Object.keys(example.summary).sort());
    const documented = [...section('JSON output').matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]).sort();
    // The example tenant has a workspace of every scenario.
    expect(documented).toEqual([...new Set(real.workspaces.map((w: { scenario: string }) => w.scenario))].sort());
  });

  it('states the SARIF security-severity of each severity', () => {
    for (const [severity, score] of Object.entries(SECURITY_SEVERITY)) expect(section('SARIF')).toContain(`${severity} \`${score}\``);
  });
});

/** Drops links to our own docs/cli.md, which users have. */
const ours = (line: string) => line.replace(/\]\((?:\.\.\/|docs\/)?cli\.md[^)]*\)/g, '').replace(/docs\/cli\.md/g, '');

describe('what users read stands alone', () => {
  it('no README, doc page or message points to ../shared, spec/rules.md or spec/cli.md', () => {
    const docs = [join(REPO, 'README.md'), join(REPO, 'action.yml'), ...files(join(REPO, 'docs'), '.md'), ...files(join(REPO, 'docs'), '.yml')];
    const offending: string[] = [];
    for (const f of docs) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // A link to docs/cli.md or docs/rules/README.md is ours; bare `cli.md`/`rules.md`, ../shared and spec/ are the team's.
          if (/\.\.\/shared|\bspec\/|\b(cli|rules)\.md\b/.test(ours(line))) offending.push(`${relative(REPO, f)}:${i + 1}: ${line.trim()}`);
        });
    }
    for (const f of files(join(REPO, 'src'), '.ts')) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\*|\/\*|\/\/)/.test(line)) return; // comments are for developers, who have ../shared
          if (/['"`][^'"`]*(\.\.\/shared|\b(cli|rules)\.md\b)/.test(ours(line))) offending.push(`${relative(REPO, f)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
