/**
 * The shape of one way of writing a matcher (matchers.ts tries the forms in order); its own file so
 * groups of forms (matcher-forms-order.ts) and the table that lists them share it without a cycle.
 */
import type { ItemNode } from "../ast.js";
import type { MatchOp, Matcher } from "../plan.js";
import type { Site } from "./pattern.js";

/** A matcher statement being compiled. */
export interface MatcherSite extends Site {
  readonly subject: string;
  readonly it: readonly ItemNode[];
  /** The first item as a word, if it is one. */
  readonly fw: string | undefined;
  opAt(i: number): MatchOp | undefined;
}

/** One way of writing a matcher. */
export interface MatcherForm {
  readonly syntax: string;
  /** What the Plan's Matcher holds for this form. */
  readonly compiles: string;
  fits(m: MatcherSite): boolean;
  compile(m: MatcherSite): Matcher[];
}
