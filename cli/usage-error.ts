/**
 * A command-line mistake: printed as one line, never with a stack trace. Exit code 3 (usage) unless
 * the mistake is in what the command was pointed at (a missing path: 2, DESIGN.md's exit codes).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: 2 | 3 = 3,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
