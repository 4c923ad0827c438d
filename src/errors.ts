/**
 * An error the user can act on: printed as one line, exit code 2, never a stack trace. Below config
 * and the CLI, which both raise it. `details` (each credential's reason for a failed sign-in)
 * follow as indented lines, one each.
 */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2, readonly details: readonly string[] = []) {
    super(message);
  }
}
