/**
 * What the terminal can show: colour and width, decided once from the flags, the environment and
 * the streams, so that the reporters stay pure functions of what they are told.
 */

/**
 * Colour on stdout. Precedence as in Node's own `tty.getColorDepth` and chalk: `--no-color` first
 * (an explicit flag), then FORCE_COLOR (`0`/`false` off, anything else on, even when piped), then
 * NO_COLOR (any non-empty value, no-color.org), then TERM=dumb, then whether stdout is a terminal.
 * A file written with `--output` is never coloured.
 */
export function colorEnabled(o: { flag?: boolean; env: NodeJS.ProcessEnv; isTTY: boolean; toFile?: boolean }): boolean {
  if (o.flag === false || o.toFile) return false;
  const force = o.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (o.env.NO_COLOR) return false;
  if (o.env.TERM === 'dumb') return false;
  return o.isTTY;
}

/** The cursor movements of the live progress line need a terminal that is not `dumb`. */
export function canRewriteLine(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  return isTTY && env.TERM !== 'dumb';
}

export const DEFAULT_WIDTH = 80;
/** Narrower than this, the table and the finding lines cannot say anything; they stay this wide. */
export const MIN_WIDTH = 40;

/**
 * Columns for the text report: COLUMNS when set (as `ls` and Python's get_terminal_size read it),
 * else the terminal's width, else 80.
 */
export function terminalWidth(env: NodeJS.ProcessEnv, columns: number | undefined): number {
  const fromEnv = Number(env.COLUMNS);
  const w = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : columns && columns > 0 ? columns : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, w);
}
