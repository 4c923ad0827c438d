/**
 * Everything amlnet writes leaves through here: the files a command was asked to write, and
 * stdout and stderr. Files are planned before any work (a scan can take minutes; finding then
 * that `--json` names a folder nobody can write is too late): each path is checked, two outputs
 * on one path and an output on an input are refused, and missing folders are created when
 * written. One output that cannot be written does not stop the others; the run then exits 2.
 * Every string is redacted on the way out, and a file's invisible characters escaped.
 */
import { accessSync, constants, existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { redactText } from '../collectors/redact';
import { escapeInvisibles } from '../report/escape';
import { ELK_SCRIPT_OPEN, elkBrowserBundle } from '../report/layout';
import type { AuditIo } from './audit';
import { UsageError } from '../errors';

/** A path given on the command line, and the flag that gave it (for the messages). */
export interface NamedPath {
  flag: string;
  path: string;
}

/** The absolute path a user means, with symbolic links of the part that exists resolved. */
function canonical(path: string, cwd: string): string {
  const abs = resolve(cwd, path);
  let existing = abs;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = dirname(existing);
    if (parent === existing) break;
    rest.unshift(existing.slice(parent.length).replace(/^[\\/]/, ''));
    existing = parent;
  }
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    /* keep it as given */
  }
  return rest.length ? resolve(real, ...rest) : real;
}

/** Why `path` cannot be written, or undefined. Checks the file, or the nearest folder that exists (the rest is created). */
function unwritable(path: string): string | undefined {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) return 'it is a folder';
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return 'the file is not writable';
    }
    return undefined;
  }
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) return `${dir} is a file, not a folder`;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    return `the folder ${dir} is not writable`;
  }
  return undefined;
}

export class OutputPlan {
  private readonly failures: string[] = [];

  private constructor(
    private readonly byPath: Map<string, NamedPath>,
    private readonly cwd: string,
  ) {}

  /**
   * Checks the outputs before any work: each writable (its folder may be missing), no two on one
   * path, none on an input. Every problem is a UsageError (exit 2) naming the flag.
   */
  static check(outputs: NamedPath[], inputs: NamedPath[], cwd: string = process.cwd()): OutputPlan {
    const inputPaths = new Map(inputs.map((i) => [canonical(i.path, cwd), i]));
    const byPath = new Map<string, NamedPath>();
    for (const out of outputs) {
      const at = canonical(out.path, cwd);
      const input = inputPaths.get(at);
      if (input)
        throw new UsageError(`${out.flag} ${out.path} is the ${input.flag} input: amlnet never writes over what it reads; choose another file`);
      const other = byPath.get(at);
      if (other) throw new UsageError(`${other.flag} and ${out.flag} both write ${out.path}: give each output its own file`);
      const why = unwritable(at);
      if (why) throw new UsageError(`cannot write ${out.flag} ${out.path}: ${why}`);
      byPath.set(at, out);
    }
    return new OutputPlan(byPath, cwd);
  }

  /** Writes one output (creating its folders); a failure is kept for `finish`, and the other outputs are still written. */
  write(path: string, content: string): void {
    const at = canonical(path, this.cwd);
    try {
      mkdirSync(dirname(at), { recursive: true });
      writeFileSync(at, safeText(content));
    } catch (err) {
      const flag = this.byPath.get(at)?.flag;
      this.failures.push(`cannot write ${flag ? `${flag} ` : ''}${path}: ${(err as Error).message}`);
    }
  }

  /** After the last write: any output that could not be written makes the run exit 2. */
  finish(): void {
    if (this.failures.length) throw new UsageError(this.failures.join('; '));
  }
}

/** What every output passes last: secrets removed, invisible and line-separator characters escaped. */
export function safeText(text: string): string {
  // The HTML report inlines elkjs's browser bundle: amlnet's own code, which redaction would break
  // (minified names read as secrets). Only the exact bytes of the bundle pass unguarded.
  const at = text.indexOf(ELK_SCRIPT_OPEN);
  if (at >= 0) {
    const start = at + ELK_SCRIPT_OPEN.length;
    const bundle = elkBrowserBundle();
    if (text.startsWith(bundle, start)) return guard(text.slice(0, start)) + bundle + guard(text.slice(start + bundle.length));
  }
  return guard(text);
}

function guard(text: string): string {
  return escapeInvisibles(redactText(text));
}

/** stdout and stderr redacted too (the reporters escape tenant strings themselves, and keep a terminal's colours). */
export function guardedIo(io: AuditIo): AuditIo {
  return { ...io, stdout: (s) => io.stdout(redactText(s)), stderr: (s) => io.stderr(redactText(s)) };
}
