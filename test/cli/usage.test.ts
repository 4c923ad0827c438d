/**
 * What a new user meets before any finding: `--help` and `amlnet rules` at the terminal's width,
 * arguments the commands do not take, and scope flags a snapshot would silently ignore. In process,
 * through main(), with the width given as COLUMNS.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { main } from '../../src/cli/main';
import { writeSnapshot } from '../../src/cli/snapshot';
import { RULES } from '../../src/rules';
import { ruleDocForTerminal } from '../../src/cli/rules';
import { ciTenant, tempDir } from '../support/ci-tenant';

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, isTTY = false) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    isTTY,
    env,
  });
  return { code, stdout, stderr };
}

const HELP = [
  ['--help'],
  ['audit', '--help'],
  ['report', '--help'],
  ['graph', '--help'],
  ['baseline', '--help'],
  ['baseline', 'create', '--help'],
  ['rules', '--help'],
];

/** Lines that may be wider: one word (a URL, an id template), and an example's command, which copies whole. */
function tooWide(text: string, width: number): string[] {
  const lines = text.split('\n');
  return lines.filter((l, i) => stringWidth(l) > width && l.trim().includes(' ') && !/^ {2}# /.test(lines[i - 1] ?? ''));
}

describe('--help', () => {
  it.each([60, 100, 200])('fits %i columns, every command', async (width) => {
    for (const argv of HELP) {
      const r = await run(argv, { COLUMNS: String(width) });
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), 0]);
      expect([argv.join(' '), tooWide(r.stdout, width)]).toEqual([argv.join(' '), []]);
    }
  });

  it('wraps option descriptions in a narrow terminal, where commander alone would not', async () => {
    const r = await run(['audit', '--help'], { COLUMNS: '60' });
    expect(r.stdout).toMatch(/^ {2}--subscription <id> +a subscription to scan\n {20,}\(repeatable, or/m);
  });

  it("lists an example's purpose above its command, and the exit codes wrapped under themselves", async () => {
    const r = await run(['--help'], { COLUMNS: '60' });
    expect(r.stdout).toContain('  # what a rule checks, why, and how to fix it\n  amlnet rules AMLNET004\n');
    expect(r.stdout).toMatch(/^ {2}2 {2}amlnet could not do its job: bad usage, an unreadable\n {5}snapshot/m);
  });
});

describe('arguments a command does not take', () => {
  it.each([
    [
      ['audit', 'scan.json'],
      'unexpected argument "scan.json": amlnet audit takes no arguments; a file goes after the flag that reads it, e.g. --snapshot <file> (see amlnet audit --help)',
    ],
    [
      ['graph', '--snapshot', 'x.json', 'ws-genai'],
      'unexpected argument "ws-genai": amlnet graph takes no arguments; a file goes after the flag that reads it, e.g. --snapshot <file> (see amlnet graph --help)',
    ],
    [['rules', 'AMLNET004', 'AMLNET005'], 'unexpected argument "AMLNET005": amlnet rules takes 1 argument(s) (see amlnet rules --help)'],
  ])('%j: one line, exit 2, before anything is read', async (argv, message) => {
    const r = await run(argv);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `amlnet: error: ${message}\n` });
  });
});

describe('amlnet rules', () => {
  it('piped: the whole catalogue, one whole line a rule', async () => {
    const r = await run(['rules']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(RULES.length);
    expect(lines[3]).toBe(`AMLNET004  high    ${'workspace-storage-same-vnet'.padEnd(40)}  ${RULES[3].meta.summary}`);
  });

  it.each([60, 100])('on a terminal %i columns wide: each line cut to the width', async (width) => {
    const r = await run(['rules'], { COLUMNS: String(width) });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(RULES.length);
    expect(lines.filter((l) => stringWidth(l) > width)).toEqual([]);
    expect(lines[3]).toMatch(/^AMLNET004 {2}high {4}workspace-storage-same-vnet/);
    expect(lines.filter((l) => l.endsWith('…')).length).toBeGreaterThan(0);
  });

  it('one rule piped is its docs page, Markdown as in docs/rules', async () => {
    const r = await run(['rules', 'amlnet004']);
    expect(r.stdout).toMatch(/^# AMLNET004: workspace-storage-same-vnet\n\n<!-- Generated/);
  });

  it('one rule on a terminal: prose wrapped at the width, links made absolute, code blocks whole', async () => {
    const r = await run(['rules', 'AMLNET004'], { COLUMNS: '80' });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<!--');
    expect(r.stdout).not.toMatch(/\]\(\.\.?\//);
    expect(r.stdout).toContain('(https://github.com/amlnet/amlnet/blob/main/docs/config.md)');
    let fenced = false;
    const wide: string[] = [];
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith('```')) fenced = !fenced;
      else if (!fenced && stringWidth(line) > 80 && line.trim().includes(' ')) wide.push(line);
    }
    expect(wide).toEqual([]);
    // The command in the Azure CLI example keeps its own lines.
    expect(r.stdout).toMatch(/^az network private-endpoint create .*\\$/m);
  });

  it('reflows a paragraph and a list item with its hanging indent', () => {
    const md =
      '<!-- x -->\n\nOne two three\nfour five six seven.\n\n- alpha beta gamma delta epsilon\n  zeta [c](../config.md)\n\n```\nkeep this very long line as it is\n```\n';
    expect(ruleDocForTerminal(md, 20)).toBe(
      [
        'One two three four',
        'five six seven.',
        '',
        '- alpha beta gamma',
        '  delta epsilon zeta',
        '  [c](https://github.com/amlnet/amlnet/blob/main/docs/config.md)',
        '',
        '```',
        'keep this very long line as it is',
        '```',
        '',
      ].join('\n'),
    );
  });
});

describe('a snapshot fixes the scope', () => {
  const snapshot = () => {
    const dir = tempDir('amlnet-usage-');
    const file = join(dir, 'inventory.json');
    writeSnapshot(file, ciTenant().t.inventory());
    return file;
  };

  it.each([
    ['audit', ['--management-group', 'mg-ml'], '--management-group'],
    ['audit', ['--all-subscriptions'], '--all-subscriptions'],
    ['graph', ['--all-subscriptions'], '--all-subscriptions'],
    ['baseline create -o b.json', ['--management-group', 'mg-ml'], '--management-group'],
  ])('%s --snapshot with %j is a usage error, not a scope silently ignored', async (command, flags, flag) => {
    const r = await run([...command.split(' '), '--snapshot', snapshot(), ...flags]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `amlnet: error: --snapshot and ${flag} cannot be combined: a snapshot already fixes what was scanned (drop ${flag}, or drop --snapshot to scan live)\n`,
    });
  });

  it.each([['graph'], ['baseline', 'create']])(
    '%s --snapshot ignores AMLNET_SUBSCRIPTION set for the live scans of a pipeline, as audit does',
    async (...command) => {
      const dir = tempDir('amlnet-usage-');
      const args = [...command, '--snapshot', snapshot(), '-q', ...(command[0] === 'baseline' ? ['-o', join(dir, 'b.json')] : [])];
      const r = await run(args, { AMLNET_SUBSCRIPTION: '00000000-0000-0000-0000-000000000001' });
      expect([r.code, r.stderr]).toEqual([0, '']);
    },
  );
});

describe('a reader that goes away (amlnet audit | head)', () => {
  it("stops writing and still exits with the verdict's code, not a crash", async () => {
    const dir = tempDir('amlnet-usage-');
    const file = join(dir, 'inventory.json');
    writeSnapshot(file, ciTenant().t.inventory());
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'amlnet.js'), 'audit', '--snapshot', file, '--details'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    // Closed before amlnet writes its report: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 1, stderr: '' });
  });
});
