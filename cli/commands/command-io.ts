/** What the engine-facing commands need from the CLI's composition root. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  setExitCode(code: number): void;
  /** Resolves when the user interrupts (Ctrl-C / SIGTERM): long-running commands stop then. */
  interrupted: Promise<void>;
}
