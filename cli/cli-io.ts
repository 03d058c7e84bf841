import type { CommandIo } from "./commands/command-io.js";

/** What `main` is given: the process's streams and environment, injectable for tests. */
export interface MainIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  env: Record<string, string | undefined>;
  /** Whether stderr is an interactive terminal (live progress, colour). */
  isTTY: boolean;
  /** Aborted on Ctrl-C / SIGTERM; absent in tests that never interrupt. */
  signal?: AbortSignal;
}

/** CommandIo plus what the test commands need (colour, environment, the abort signal). */
export interface CliIo extends CommandIo {
  env: Record<string, string | undefined>;
  isTTY: boolean;
  signal: AbortSignal;
}
