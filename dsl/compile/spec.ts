/**
 * The shape of an entry of the statement table: how a statement is written, what it means in one
 * line, an example, and how it compiles. The checker, the did-you-mean lists, the language server's
 * hovers and completions and docs/language.md all read these entries (dsl/compile/table.ts).
 */
import type { Statement } from "../ast.js";
import type { Matcher, Probe } from "../plan.js";
import type { Cursor } from "./pattern.js";
import type { Session } from "./session.js";

/** What a reader is told about a statement, probe or setting. */
export interface Doc {
  /** One line: what it does. */
  readonly summary: string;
  /** One line of `.netspec`. */
  readonly example: string;
}

/** A statement head: `wait`, `apply`, `suite`, a cluster setting... compiled in context `C`. */
export interface StatementSpec<C> extends Doc {
  readonly head: string;
  /** How it is written, e.g. `wait DURATION`. */
  readonly syntax: string;
  compile(st: Statement, c: C): void;
}

/** A probe kind of `expect`: the word after `expect`, the subjects its matchers may judge. */
export interface ProbeSpec extends Doc {
  readonly head: string;
  /** The Probe's kind (the object probe has several heads: pod, service, node, deployment). */
  readonly kind: Probe["kind"];
  readonly syntax: string;
  /** Matcher subjects of this probe's observation; "unchecked" when its block is not matchers. */
  readonly subjects: readonly string[] | "unchecked";
  /** The block is the probe's own (reach's table), not matchers. */
  readonly ownBlock?: boolean;
  /** Compiles the items after the head word (the cursor starts there). */
  compile(c: Cursor): Probe;
  /** Rejects matchers this probe cannot observe as compiled (the reason at the matcher's span). */
  checkMatchers?(probe: Probe, matchers: readonly Matcher[], session: Session): void;
}
