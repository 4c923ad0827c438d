/**
 * An error the user can act on: printed as one line, exit code 2, never a stack trace. Below config
 * and the CLI, which both raise it. `details` (each credential's reason for a failed sign-in)
 * follow as indented lines, one each.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** Why an input file could not be read, in words (ENOENT, EISDIR, EACCES), for `cannot read <what> <path>: <reason>`. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error)?.message ?? String(err);
}
