/**
 * The CLI as a person sees it: the demo tenant through the fake Resource Manager, in a real
 * pseudo-terminal (util-linux `script`) for colour and width, and with stdout and stderr piped as in
 * a CI log. The default and --details views are compared with golden files checked in beside the
 * tests (test/fixtures/golden/text-*.txt, written by `npm run golden` from test/support/golden-cases.ts
 * for review, never by a test).
 */
import stringWidth from 'string-width';
import { cliEnvFor } from '../../src/fakearm/env';
import type { FakeArm } from '../../src/fakearm/server';
import { demoTenant, DEMO_FAULTS, DEMO_SUBSCRIPTION } from '../../src/fixtures/demo';
import { VERSION } from '../../src/version';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectGolden, GOLDEN_DIR, normalize } from '../support/golden';
import { CLI, runCli, testCert, withFakeArm } from '../support/e2e';
import { ANY_ESCAPE, SGR, inTerminal as inPty, visible } from '../support/pty';

const AUDIT = ['audit', '--subscription', DEMO_SUBSCRIPTION];

/** Runs the CLI inside a pseudo-terminal `cols` wide; stdout and stderr both arrive as the terminal's output. */
function inTerminal(fake: FakeArm, args: string[], env: NodeJS.ProcessEnv, cols = 100): Promise<{ code: number; output: string }> {
  const childEnv = cliEnvFor(fake, testCert().certPath, {
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    COLUMNS: undefined,
    TERM: 'xterm-256color',
    AMLNET_RETRY_DELAY_MS: '20',
    ...env,
  });
  return inPty([process.execPath, CLI, ...args], { env: childEnv, cols });
}

/** What a person reads: the report's lines (after the live progress line was erased). */
function reportLines(output: string): string[] {
  const lines = output.replace(/\n$/, '').split('\n');
  const first = lines.findIndex((l) => l.includes('amlnet 0'));
  // The erased progress line shares the first line: the report starts after its last erase.
  return [lines[first].split('\r\u001b[2K').pop()!, ...lines.slice(first + 1)];
}

describe('in a real terminal', () => {
  it('colours with real escape sequences, never literal \\u001b, and no line is wider than the terminal', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await inTerminal(fake, AUDIT, {});
      expect(r.code).toBe(1);
      expect(r.output).not.toContain('\\u001b');
      expect(r.output).not.toContain('\\u009b');
      // The verdict is red and bold, severities coloured: chalk's own sequences, raw.
      expect(r.output).toContain('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m (exit 1)');
      expect(r.output).toContain('\u001b[31m\u001b[1mHIGH  \u001b[22m\u001b[39m \u001b[1mAMLNET004\u001b[22m');
      // The live progress line: rewritten in place on the terminal's stderr, then erased.
      expect(r.output).toContain('\r\u001b[2Kamlnet: listing resources in 1 subscription(s)');
      const lines = reportLines(r.output);
      expect(lines[0]).toBe(
        `\u001b[1mamlnet ${VERSION}\u001b[22m: subscription ${DEMO_SUBSCRIPTION}, 6 workspace(s), \u001b[33m\u001b[1mpartial scan\u001b[22m\u001b[39m`,
      );
      const tooWide = lines.filter((l) => stringWidth(visible(l)) > 100);
      expect(tooWide).toEqual([]);
      // Every finding is one line: 40 findings, 40 lines starting with a severity.
      expect(lines.map(visible).filter((l) => /^ {2}(HIGH|MEDIUM|LOW|INFO) +AMLNET\d{3} /.test(l))).toHaveLength(40);
    });
  });

  it('keeps to a narrow terminal too, --details included', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      for (const args of [AUDIT, [...AUDIT, '--details']]) {
        const r = await inTerminal(fake, args, {}, 60);
        const lines = reportLines(r.output);
        expect(lines.length).toBeGreaterThan(20);
        expect(lines.filter((l) => stringWidth(visible(l)) > 60)).toEqual([]);
      }
    });
  });

  it.each([
    ['NO_COLOR=1', { NO_COLOR: '1' }, []],
    ['FORCE_COLOR=0', { FORCE_COLOR: '0' }, []],
    ['--no-color', {}, ['--no-color']],
  ])('%s: no colour, and the text is the same as piped', async (_name, env, flags) => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await inTerminal(fake, [...AUDIT, ...flags], env);
      expect(r.code).toBe(1);
      const lines = reportLines(r.output);
      expect(lines.filter((l) => SGR.test(l))).toEqual([]);
      expect(lines[1]).toBe('FAIL (exit 1): 21 finding(s) at high fail the run (--fail-on high)');
    });
  });

  it('TERM=dumb: no colour and no cursor movement, progress as plain lines', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await inTerminal(fake, AUDIT, { TERM: 'dumb' });
      expect(r.output).not.toMatch(ANY_ESCAPE);
      expect(r.output).toMatch(/^amlnet: listing resources in 1 subscription\(s\) \(0 request\(s\) done so far\)$/m);
    });
  });

  it('FORCE_COLOR=1 colours piped output (a CI log that renders colour) with real escape sequences', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli([...AUDIT, '-q'], { fake, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
      expect(r.stdout).toContain('\u001b[31m\u001b[1mFAIL\u001b[22m\u001b[39m (exit 1)');
      expect(r.stdout).not.toContain('\\u001b');
      expect(r.stderr).toBe('');
    });
  });
});

describe('piped, as in a CI log', () => {
  it('the default view: verdict, table, one line a finding, cut to COLUMNS (golden)', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli([...AUDIT, '-q'], { fake, env: { COLUMNS: '100' } });
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n').filter((l) => stringWidth(l) > 100)).toEqual([]);
      expect(normalize(r.stdout)).toBe(readFileSync(join(GOLDEN_DIR, 'text-default-100.txt'), 'utf8'));
      expectGolden('text-default-100.txt'); // and the in-process rendering agrees
    });
  });

  it('the --details view wraps at 80 columns when the width is unknown (golden)', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli([...AUDIT, '-q', '--details'], { fake, env: { COLUMNS: undefined } });
      expect(r.code).toBe(1);
      expect(r.stdout.split('\n').filter((l) => stringWidth(l) > 80)).toEqual([]);
      expect(normalize(r.stdout)).toBe(readFileSync(join(GOLDEN_DIR, 'text-details-80.txt'), 'utf8'));
      expectGolden('text-details-80.txt');
    });
  });

  it('progress on a piped stderr: one plain line per phase with counts, the total at the end, no escape codes; -q silences it', async () => {
    await withFakeArm({ tenant: demoTenant(), faults: DEMO_FAULTS }, async (fake) => {
      const r = await runCli([...AUDIT, '--format', 'json'], { fake });
      expect(r.code).toBe(1);
      const total = fake.requests.length;
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toBe('amlnet: listing resources in 1 subscription(s) (0 request(s) done so far)');
      expect(lines[1]).toMatch(/^amlnet: reading 6 workspace\(s\) and their network details \(\d+ request\(s\) done so far\)$/);
      expect(Number(/\((\d+) request/.exec(lines[1])![1])).toBeLessThan(total);
      expect(lines[2]).toBe(`amlnet: collection done: ${total} request(s)`);
      expect(r.stderr).not.toContain('\u001b');

      const quiet = await runCli([...AUDIT, '--format', 'json', '-q'], { fake });
      expect([quiet.code, quiet.stderr]).toEqual([1, '']);
    });
  });
});
