/**
 * What a matcher's subject reads from an observation: a scalar, a flag, or a list of items. Each
 * observation kind has its own table of subjects (subjects/); judges (judge-*.ts) compare them.
 */
import type { Matcher, Value } from "../../dsl/index.js";
import type { Observation, RecordObs } from "../observation.js";

/** The outcome of one matcher, with printable expected/actual text for reports. */
export interface Verdict {
  subject: string;
  ok: boolean;
  expected: string;
  actual: string;
  /** Set when the matcher could not be judged (unknown subject, bad operator): the case errors. */
  error?: string;
}

/** Turns a symbolic value into concrete strings (the target's `resolve`). */
export type ValueResolver = (value: Value) => Promise<string[]>;

export type Item = string | number | boolean | RecordObs | Record<string, unknown>;

/** A subject's observed content. `ordered` lists compare position by position under `==`. */
export type Subject =
  | { kind: "scalar"; value: string | number | undefined }
  | { kind: "flag"; value: boolean }
  | { kind: "list"; items: Item[]; ordered?: boolean; each?: boolean };

export const scalar = (value: string | number | undefined): Subject => ({ kind: "scalar", value });
export const flag = (value: boolean): Subject => ({ kind: "flag", value });
export const list = (items: Item[], ordered = false): Subject => ({ kind: "list", items, ordered });
/** A list whose every item is compared with the one expected value (`ttl <= 30`). */
export const each = (items: Item[]): Subject => ({ kind: "list", items, each: true });

/** A judge that replaces the generic one for a subject (`denied by ingress`, `lands-on`, `because`). */
export type CustomJudge<O extends Observation> = (
  m: Matcher,
  obs: O,
  resolveValue: ValueResolver,
) => Promise<Omit<Verdict, "subject">>;

/** The subjects of one observation kind, and how a flag reads when it is false. */
export interface SubjectTable<O extends Observation> {
  subjects: Record<string, (obs: O) => Subject>;
  judges?: Record<string, CustomJudge<O>>;
  /** What a false flag shows as the actual value (`timeout` → `reply NOERROR`). */
  describeFalse?: (obs: O) => string;
  /** The error for a subject the kind does not have (default: `unknown subject "x" for a … expectation`). */
  unknown?: (name: string) => string;
}
