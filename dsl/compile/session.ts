/**
 * One load's diagnostics, collected (never thrown) so a run reports every problem at once — the shape
 * of peggy's compiler session (peggy lib/compiler/session.js: every pass reports through one session).
 * Problems of reading and parsing come first in the result, then the checks', each in the order found.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { Span } from "../span.js";
import { suggest } from "../suggest.js";

/** `read`: reading and parsing spec files; `check`: everything the statement table reports. */
export type Stage = "read" | "check";

/** A fault the checker accepts after `fault`/`heal`, with its argument synopsis (`N`, `delay=DURATION`). */
export interface KnownFault {
  name: string;
  args: string;
  /** What the fault does, for hovers (the engine's catalog has it; the default list does not). */
  summary?: string;
}

export class Session {
  private readonly problems: { stage: Stage; diagnostic: Diagnostic }[] = [];

  constructor(
    readonly faults: readonly KnownFault[],
    /** The values of `${NAME}` variables (`--var`, the config file). */
    readonly variables: Readonly<Record<string, string>> = {},
  ) {}

  /** Adds a diagnostic made elsewhere (the parser's). */
  report(stage: Stage, diagnostic: Diagnostic): void {
    this.problems.push({ stage, diagnostic });
  }

  error(code: string, message: string, span: Span | undefined, help?: string): void {
    this.report("check", { code, severity: "error", message, span, notes: [], ...(help ? { help } : {}) });
  }

  warn(code: string, message: string, span: Span | undefined, help?: string): void {
    this.report("check", { code, severity: "warning", message, span, notes: [], ...(help ? { help } : {}) });
  }

  /** An unknown word: "did you mean" the closest candidate, or the whole list when none is close. */
  unknown(code: string, what: string, word: string, span: Span, candidates: readonly string[]): void {
    const s = suggest(word, candidates);
    this.error(
      code,
      `unknown ${what} \`${word}\``,
      span,
      s ? `did you mean \`${s}\`?` : `expected one of: ${candidates.join(", ")}`,
    );
  }

  /** The diagnostics of one stage, in the order they were found. */
  of(stage: Stage): Diagnostic[] {
    return this.problems.filter((p) => p.stage === stage).map((p) => p.diagnostic);
  }
}
