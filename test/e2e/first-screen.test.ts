/**
 * Every kind of audit as a new user first sees it, in a real pseudo-terminal 60, 100 and 200 columns
 * wide: the saved example scan, a template, a what-if and a Terraform plan (the demo's live scan is
 * test/e2e/terminal.test.ts's), then report, graph, baseline create and rules. The first screen shows
 * the verdict and the table of workspaces by severity, each finding takes exactly one line, no line is
 * wider than the terminal, and colour arrives as real escape sequences, never a literal `\u001b`.
 * The README's first command runs too: the demo script, in a terminal 100 columns wide.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { VERSION } from '../../src/version';
import { CLI, REPO, runCli, tmpFile } from '../support/e2e';
import { ANY_ESCAPE, SGR, inTerminal, screenLines, visible } from '../support/pty';

const SUB = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-vision-dev`;
const EXAMPLE = join(REPO, 'examples', 'contoso-ml-platform.snapshot.json');
const TEMPLATE = join(REPO, 'examples', 'pr', 'vision-dev.json');
const TF = join(REPO, 'test', 'fixtures', 'terraform', 'ml-private-vnet');
/** A person's terminal: colour on its own, no settings of ours. */
const TERMINAL_ENV = (() => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('AMLNET_') && !['NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'CI'].includes(k)),
  );
  return { ...env, TERM: 'xterm-256color' };
})();
/** A person's screen: what must be on it before they scroll. */
const SCREEN_ROWS = 24;
const FINDING_LINE = /^ {2}(HIGH|MEDIUM|LOW|INFO) +AMLNET\d{3} /;

function whatIfFile(): string {
  const kv = `${RG}/providers/Microsoft.KeyVault/vaults/kv-vision-dev`;
  const after = {
    id: kv,
    name: 'kv-vision-dev',
    type: 'Microsoft.KeyVault/vaults',
    location: 'westeurope',
    properties: {
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      sku: { family: 'A', name: 'standard' },
      publicNetworkAccess: 'Enabled',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] },
    },
  };
  const file = tmpFile('whatif.json');
  writeFileSync(
    file,
    JSON.stringify({ status: 'Succeeded', error: null, changes: [{ resourceId: kv, changeType: 'Modify', before: null, after, delta: [] }] }),
  );
  return file;
}

const AUDITS: Array<[string, () => string[], number]> = [
  ['--snapshot (the example scan)', () => ['--snapshot', EXAMPLE], 1],
  ['--template alone', () => ['--template', TEMPLATE, '--deployment-scope', RG], 1],
  ['--template over the snapshot, --only-new', () => ['--snapshot', EXAMPLE, '--template', TEMPLATE, '--deployment-scope', RG, '--only-new'], 1],
  ['--what-if over the snapshot', () => ['--snapshot', EXAMPLE, '--what-if', whatIfFile()], 1],
  ['--terraform-plan with its root', () => ['--terraform-plan', join(TF, 'tfplan.json'), '--terraform-root', TF], 1],
];

describe.each(AUDITS)('audit %s in a terminal', (_name, args, exitCode) => {
  let findings: number;
  let argv: string[];
  beforeAll(async () => {
    argv = ['audit', ...args()];
    const json = await runCli([...argv, '-f', 'json', '-q']);
    expect(json.code).toBe(exitCode);
    findings = JSON.parse(json.stdout).findings.length;
    expect(findings).toBeGreaterThan(0);
  });

  it.each([60, 100, 200])('%i columns: verdict and table on the first screen, one line a finding, none wider', async (cols) => {
    const r = await inTerminal([process.execPath, CLI, ...argv], { env: TERMINAL_ENV, cols, cwd: REPO });
    expect(r.code).toBe(exitCode);
    expect(r.output).not.toContain('\\u001b');
    expect(r.output).toMatch(SGR);
    const lines = screenLines(r.output, new RegExp(`^amlnet ${VERSION.replace(/\./g, '\\.')}: `));
    const screen = lines.slice(0, SCREEN_ROWS).map(visible);
    expect(screen[0]).toMatch(/^amlnet \S+: /);
    expect(screen.some((l) => new RegExp(`^${exitCode === 1 ? 'FAIL' : 'PASS'} \\(exit ${exitCode}\\): `).test(l))).toBe(true);
    expect(screen.some((l) => /^WORKSPACE +SCENARIO +HIGH {2}MEDIUM {2}LOW {2}INFO$/.test(l.trimEnd()) || /^WORKSPACE +SCENARIO/.test(l))).toBe(true);
    expect(lines.map(visible).filter((l) => FINDING_LINE.test(l))).toHaveLength(findings);
    expect(lines.filter((l) => stringWidth(visible(l)) > cols).map(visible)).toEqual([]);
  });
});

describe('the other commands in a terminal', () => {
  const dir = () => tmpFile('out');
  const COMMANDS: Array<[string, () => string[]]> = [
    ['report', () => ['report', '--snapshot', EXAMPLE, '--html', join(dir(), 'r.html'), '--sarif', join(dir(), 'r.sarif')]],
    ['baseline create', () => ['baseline', 'create', '--snapshot', EXAMPLE, '--output', join(dir(), 'b.json')]],
    ['rules', () => ['rules']],
    ['rules AMLNET004', () => ['rules', 'AMLNET004']],
  ];

  // Exempt: a fenced code block (a command copies whole), one unbreakable word (a URL), and a status or error
  // line on stderr, which is one line by contract (the terminal wraps it).
  it.each(COMMANDS)('%s: exit 0, no line wider than 60 or 100 columns outside code blocks, no literal \\u001b', async (_name, args) => {
    for (const cols of [60, 100]) {
      const r = await inTerminal([process.execPath, CLI, ...args()], { env: TERMINAL_ENV, cols, cwd: REPO });
      expect(r.code).toBe(0);
      expect(r.output).not.toContain('\\u001b');
      let fenced = false;
      const wide = screenLines(r.output)
        .map(visible)
        .filter((l) => {
          if (l.startsWith('```')) fenced = !fenced;
          return !fenced && stringWidth(l) > cols && l.trim().includes(' ') && !l.startsWith('amlnet: ');
        });
      expect(wide).toEqual([]);
    }
  });

  it('graph: Mermaid source to paste, whole lines, exit 0', async () => {
    const r = await inTerminal([process.execPath, CLI, 'graph', '--snapshot', EXAMPLE, '--workspace', 'ws-genai'], {
      env: TERMINAL_ENV,
      cols: 60,
      cwd: REPO,
    });
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/^flowchart /m);
    expect(r.output).not.toMatch(ANY_ESCAPE);
  });
});

describe('colour settings, on the example scan', () => {
  it.each([
    ['NO_COLOR=1 in a terminal', { NO_COLOR: '1' }],
    ['TERM=dumb in a terminal', { TERM: 'dumb' }],
  ])('%s: no escape sequence at all, the same first lines', async (_name, env) => {
    const r = await inTerminal([process.execPath, CLI, 'audit', '--snapshot', 'examples/contoso-ml-platform.snapshot.json'], {
      env: { ...TERMINAL_ENV, ...env },
      cols: 100,
      cwd: REPO,
    });
    expect(r.code).toBe(1);
    expect(r.output).not.toMatch(ANY_ESCAPE);
    expect(r.output).toContain(
      `amlnet ${VERSION}: snapshot examples/contoso-ml-platform.snapshot.json, 6 workspace(s), partial scan\nFAIL (exit 1): `,
    );
  });

  it('FORCE_COLOR=1 piped: real escape sequences in the report', async () => {
    const r = await runCli(['audit', '--snapshot', EXAMPLE, '-q'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m (exit 1)');
    expect(r.stdout).not.toContain('\\u001b');
  });
});

describe("the README's first command: the demo", () => {
  it.each([
    ['a colour terminal', {}, true],
    ['TERM=dumb', { TERM: 'dumb' }, false],
  ])('in %s 100 columns wide: its own lines fit too, and colour follows the terminal', async (_name, env, colour) => {
    const r = await inTerminal([process.execPath, join(REPO, 'scripts', 'demo.js')], { env: { ...TERMINAL_ENV, ...env }, cols: 100, cwd: REPO });
    // The demo succeeds when amlnet did its job (it exits 1 on the demo's findings, and says so).
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/amlnet exited with 1 \(findings at or\s+above --fail-on/);
    expect(r.output).not.toContain('\\u001b');
    if (colour) expect(r.output).toMatch(SGR);
    else expect(r.output).not.toMatch(SGR);
    const lines = screenLines(r.output);
    expect(lines.filter((l) => stringWidth(visible(l)) > 100).map(visible)).toEqual([]);
    const report = screenLines(r.output, /^amlnet \d/).map(visible);
    expect(report.slice(0, SCREEN_ROWS).filter((l) => /^(FAIL \(exit 1\)|WORKSPACE +SCENARIO)/.test(l))).toHaveLength(2);
  });
});
