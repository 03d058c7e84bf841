/** What a run is given (the CLI builds it from flags; tests from literals). */
import type { RunEvent } from "../events.js";
import type { CaseFilter } from "../filter.js";
import type { Target } from "../targets/index.js";

export interface RunOptions {
  targets: Target[];
  seed: number;
  /**
   * `--dry-run`: every step is handed to the targets (which only print what they would do) and no
   * expectation is judged; cases are reported skipped ("dry run").
   */
  dryRun?: boolean;
  filter?: CaseFilter;
  bail?: boolean;
  /** Units (file × target) in flight at once; default 1. */
  parallel?: number;
  /** Per-step timeout in ms (default 60 000). */
  stepTimeoutMs?: number;
  /** Per-case timeout in ms (default: none): the case is stopped and errored when it runs longer. */
  caseTimeoutMs?: number;
  /**
   * How long an expectation without its own `within` is polled on targets with real time (default
   * 0: once). The reference polls only where the spec says `within` (its time is virtual).
   */
  defaultWithinMs?: number;
  /** Re-runs of a failed or errored case on targets with real time; a later pass is reported flaky. */
  retries?: number;
  signal?: AbortSignal;
  workDir?: string;
  onEvent?: (event: RunEvent) => void;
  log?: (line: string) => void;
  /** Where a failing event listener is reported (once). Default: ignored. */
  warn?: (line: string) => void;
  /** Clock for durations (injectable so tests and JSON output are deterministic). */
  now?: () => number;
}
