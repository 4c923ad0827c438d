/**
 * `--help` at the terminal's width: commander lays out the options, and this file the sections after
 * them (examples, exit codes, environment variables), wrapped the same way. Commander leaves an option's
 * description unwrapped when fewer than 40 columns are left for it, which in a 60-column terminal is every
 * option; here it wraps down to 20.
 */
import { Command, Help } from 'commander';
import wrapAnsi from 'wrap-ansi';
import { collectRepeatable } from './collection-options';

const MIN_DESCRIPTION_WIDTH = 20;

/** Help text of `program` and every command created from it afterwards is `width` wide. */
export function configureHelpWidth(program: Command, width: number): void {
  program.configureHelp({
    helpWidth: width,
    wrap(this: Help, str: string, w: number, indent: number) {
      return Help.prototype.wrap.call(this, str, w, indent, MIN_DESCRIPTION_WIDTH);
    },
  });
}

/** A titled list of `term  description` rows, descriptions wrapped under themselves. */
export function helpSection(title: string, rows: ReadonlyArray<readonly [string, string]>, width: number): string {
  const termWidth = Math.max(...rows.map(([t]) => t.length));
  const indent = 2 + termWidth + 2;
  const lines = rows.flatMap(([term, text]) => {
    const wrapped = wrapAnsi(text, Math.max(MIN_DESCRIPTION_WIDTH, width - indent), { hard: false, trim: true }).split('\n');
    return wrapped.map((l, i) => (i === 0 ? `  ${term.padEnd(termWidth)}  ${l}` : `${' '.repeat(indent)}${l}`));
  });
  return `${title}:\n${lines.join('\n')}`;
}

/** Examples as kubectl prints them: what it does (wrapped), then the command on its own line, never wrapped. */
export function examplesSection(examples: ReadonlyArray<readonly [string, string]>, width: number): string {
  const blocks = examples.map(([what, command]) => {
    const comment = wrapAnsi(what, Math.max(MIN_DESCRIPTION_WIDTH, width - 4), { hard: false, trim: true })
      .split('\n')
      .map((l) => `  # ${l}`);
    return [...comment, `  ${command}`].join('\n');
  });
  return `Examples:\n${blocks.join('\n')}`;
}

/** The environment variables a command reads, from its options' `.env()` declarations, plus `extra` rows. */
export function environmentRows(cmd: Command, extra: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const fromOptions = cmd.options
    .filter((o) => o.envVar && o.long)
    .map((o) => [o.envVar as string, `${o.long}${o.parseArg === collectRepeatable ? ' (comma-separated)' : ''}`] as const);
  return [...fromOptions, ...extra];
}
