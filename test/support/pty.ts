/**
 * A real pseudo-terminal for end-to-end tests: util-linux `script` runs a command in one `cols`
 * columns wide, as a person's terminal would, and hands back what the terminal received (stdout
 * and stderr together, `\r\n` line ends made `\n`).
 */
import { execFile } from 'node:child_process';

// eslint-disable-next-line no-control-regex
export const ANY_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;
// eslint-disable-next-line no-control-regex
export const SGR = /\u001b\[[0-9;]*m/;

export function inTerminal(
  argv: string[],
  opts: { env: NodeJS.ProcessEnv; cols?: number; rows?: number; cwd?: string; timeoutMs?: number },
): Promise<{ code: number; output: string }> {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const stty = `stty cols ${opts.cols ?? 100} rows ${opts.rows ?? 50}`;
  return new Promise((resolve) => {
    execFile(
      'script',
      ['-qec', `${stty}; exec ${quoted}`, '/dev/null'],
      { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 2) : 0;
        resolve({ code, output: stdout.replace(/\r\n/g, '\n') });
      },
    );
  });
}

// eslint-disable-next-line no-control-regex
const ERASE_LINE = /^\u001b\[2K/;

/** What a person reads from `from` on: each line as the terminal leaves it (a line rewritten with `\r` shows its last text). */
export function screenLines(output: string, from: RegExp = /^/): string[] {
  const lines = output
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => l.split('\r').pop()!.replace(ERASE_LINE, ''));
  const first = lines.findIndex((l) => from.test(visible(l)));
  return first < 0 ? [] : lines.slice(first);
}

export function visible(line: string): string {
  return line.replace(ANY_ESCAPE, '');
}
