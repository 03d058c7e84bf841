/**
 * The contract of a fuzz target: seeds, a dictionary, and a runner that throws on anything that is
 * not allowed (an unexpected exception, or a broken invariant reported as a Violation).
 */

/** An invariant the target promises and an input broke (a wrong answer, not a crash). */
export class Violation extends Error {
  /**
   * `code` names the invariant and is the finding's signature; `kind` (normalised like crash
   * messages) splits it when one invariant can break for different reasons (e.g. the message of a
   * swallowed exception).
   */
  constructor(
    readonly code: string,
    detail: string,
    readonly kind?: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = "Violation";
  }
}

/** A message with its input-specific parts (quoted text, numbers) blanked, for signatures. */
export function normalise(message: string): string {
  return (message.split("\n")[0] ?? "")
    .replace(/^(Invalid regular expression: )\/.*\/[a-z]*:/, "$1/…/:")
    .replace(/"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|`[^`]*`?/g, "…")
    .replace(/\d+/g, "N")
    .slice(0, 120);
}

export interface FuzzRunner {
  /** Run one input; returns normally when everything the target promises held. */
  run(data: Uint8Array): void;
}

/** A bug a target is known to have and that is not fixed yet: reported as known, not as new. */
export interface KnownIssue {
  signature: RegExp;
  /** What is wrong, where, and why it is not fixed here (docs/hardening.md lists them). */
  why: string;
}

export interface FuzzTarget {
  readonly name: string;
  readonly summary: string;
  /** File extension of corpus and regression files (without the dot). */
  readonly ext: string;
  /** Mutants grow up to this many bytes. */
  readonly maxLen: number;
  /** Whether the input is text (line-level mutators apply). */
  readonly text: boolean;
  /** Scripts whose coverage guides this target (matched against V8 script URLs). */
  readonly scope: RegExp;
  /** Seed inputs, read from the repository's suites and fixtures (`root` = the repository root). */
  seeds(root: string): Uint8Array[];
  readonly dictionary: readonly string[];
  readonly known?: readonly KnownIssue[];
  /** Set up what the target needs (engines, hosts); the runner may keep state between inputs. */
  create(root: string): FuzzRunner;
}

export interface Finding {
  kind: "crash" | "violation" | "hang" | "slow";
  /** The known issue it is, if any. */
  known?: string;
  /** What makes two findings the same bug: error type, normalised message, first project frame. */
  signature: string;
  message: string;
  stack: string;
  input: Uint8Array;
}

const FRAME = /\((?:file:\/\/)?[^()]*?\/((?:dsl|engine|fuzz|cli|runner)\/[^():]+):(\d+):\d+\)/;

/** The signature of an exception thrown by a target. */
export function findingFor(e: unknown, input: Uint8Array): Finding {
  if (e instanceof Violation) {
    const signature = e.kind === undefined ? e.code : `${e.code}: ${normalise(e.kind)}`;
    // deadline.ts stops a hung execution with a Violation "hang": like the watchdog's, not minimised.
    const kind = e.code === "hang" ? "hang" : "violation";
    return { kind, signature, message: e.message, stack: e.stack ?? "", input };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const first = normalise(err.message);
  const frame = FRAME.exec(err.stack ?? "");
  return {
    kind: "crash",
    signature: `${err.name}: ${first}${frame ? ` @ ${frame[1]}:${frame[2]}` : ""}`,
    message: `${err.name}: ${err.message}`,
    stack: err.stack ?? "",
    input,
  };
}

export const utf8 = (d: Uint8Array): string => new TextDecoder().decode(d);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
