/**
 * What a statement's compile function works on. One `Ctx` per load holds the session, the file
 * reader and the scope of objects defined so far; the narrower contexts say where the statement
 * stands (a file's top level, a suite's body, a step list, a cluster block). Nested statements are
 * compiled through `dispatch`, which the statement table provides, so no statement imports the table.
 */
import type { Statement } from "../ast.js";
import type { SourceFiles } from "../files.js";
import type { ClusterSettings, PlanCase, PlanSuite, Step, UpstreamRecord } from "../plan.js";
import type { Scope } from "../scope.js";
import type { Span } from "../span.js";
import type { Session } from "./session.js";

export interface Ctx {
  readonly session: Session;
  readonly files: SourceFiles;
  readonly dispatch: Dispatch;
  /** Objects defined so far in the suite setup / current test; undefined outside suites. */
  scope: Scope | undefined;
  /** Cases that hit a `skip` step: later steps never run. */
  readonly skipped: WeakSet<PlanCase>;
}

/** The statement table's entry points for nested statements. */
export interface Dispatch {
  /** A statement in a suite's body (its own statements, then steps of the setup). */
  suiteBody(st: Statement, sc: SuiteCtx): void;
  /** A step: appended to `sc.out`, or reported. */
  step(st: Statement, sc: StepCtx): void;
}

/** Fixtures visible to a file: its own and its imports' (transitively). */
export type Fixtures = Map<string, Statement[]>;

/** A file's top level. */
export interface FileCtx {
  readonly ctx: Ctx;
  readonly file: string;
  readonly fixtures: Fixtures;
  /** The file's upstream records (its imports' first), given to every suite of the file. */
  readonly upstream: UpstreamRecord[];
  readonly suites: PlanSuite[];
}

/** A suite's body. */
export interface SuiteCtx {
  readonly ctx: Ctx;
  readonly file: string;
  readonly fixtures: Fixtures;
  readonly suite: PlanSuite;
  /** Test names seen so far, for `check/duplicate-test`. */
  readonly seen: Map<string, Span>;
  /** What the profile and the suite setup define; each test starts from a copy. */
  readonly scope: Scope;
}

/** A list of steps: a suite's setup or a test's own steps (fixtures are inlined into it). */
export interface StepCtx {
  readonly ctx: Ctx;
  out: Step[];
  readonly fixtures: Fixtures;
  /** The test being compiled; undefined in a suite's setup. */
  readonly case: PlanCase | undefined;
  /** Nesting of `use`, to stop a fixture that uses itself. */
  readonly depth: number;
  /** The fixtures being inlined around this step, outermost first. */
  readonly using?: readonly string[];
}

/** A `cluster PROFILE { ... }` block. */
export interface SettingCtx {
  readonly ctx: Ctx;
  readonly settings: ClusterSettings;
}
