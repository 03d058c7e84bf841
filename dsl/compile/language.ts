/**
 * The statement table as data for readers: every word of the language with how it is written and
 * what it means. The language server's hovers and completions and docs/language.md's generated
 * reference are made from this list (and nothing else), so they cannot drift from the checker.
 */
import { FUNCTIONS } from "./functions.js";
import { MATCHER_FORMS } from "./matchers.js";
import { PLACEHOLDERS } from "./refs.js";
import type { KnownFault } from "./session.js";
import { CLUSTER_SETTINGS, PROBES, STEPS, SUITE_LEVEL, TOP_LEVEL } from "./table.js";
import { PSEUDO_RCODE_WORDS, QUERY_TYPE_WORDS, RCODE_WORDS, RECORD_TYPE_WORDS } from "./vocabulary.js";

/** Where a word belongs: the statement place it heads, or the kind of value it is. */
export type Category =
  "top" | "suite" | "step" | "setting" | "probe" | "subject" | "record-type" | "rcode" | "function" | "fault";

export interface LanguageEntry {
  readonly word: string;
  readonly category: Category;
  /** How it is written, e.g. `wait DURATION`, `expect dns TYPE NAME ...`, `ip(pod NS/NAME)`. */
  readonly syntax: string;
  readonly summary: string;
  readonly example?: string;
  /** Probes: the matcher subjects their observation has. */
  readonly subjects?: readonly string[];
}

const statements = (
  category: Category,
  specs: readonly { head: string; syntax: string; summary: string; example: string }[],
) =>
  specs.map((s): LanguageEntry => ({
    word: s.head,
    category,
    syntax: s.syntax,
    summary: s.summary,
    example: s.example,
  }));

/** Every statement, setting, probe kind, record type, rcode and value function, in table order. */
export const LANGUAGE: readonly LanguageEntry[] = [
  ...statements("top", TOP_LEVEL),
  ...statements("suite", SUITE_LEVEL),
  ...statements("step", STEPS),
  ...statements("setting", CLUSTER_SETTINGS),
  ...PROBES.map((p): LanguageEntry => ({
    word: p.head,
    category: "probe",
    syntax: `expect ${p.syntax}`,
    summary: p.summary,
    example: p.example,
    ...(p.subjects === "unchecked" ? {} : { subjects: p.subjects }),
  })),
  ...[...RECORD_TYPE_WORDS, ...QUERY_TYPE_WORDS].map((w): LanguageEntry => ({
    word: w.name,
    category: "record-type",
    syntax: w.name,
    summary: w.summary,
  })),
  ...[...RCODE_WORDS, ...PSEUDO_RCODE_WORDS].map((w): LanguageEntry => ({
    word: w.name,
    category: "rcode",
    syntax: w.name,
    summary: w.summary,
  })),
  ...FUNCTIONS.map((f): LanguageEntry => ({
    word: f.name,
    category: "function",
    syntax: f.syntax,
    summary: f.summary,
  })),
];

/** The faults a checker was given, as entries (their meaning is the engine's: docs/faults.md). */
export function faultEntries(faults: readonly KnownFault[]): LanguageEntry[] {
  return faults.map((f) => ({
    word: f.name,
    category: "fault",
    syntax: `fault ${f.name}${f.args ? ` ${f.args}` : ""}`,
    summary: f.summary
      ? `${f.summary} (docs/faults.md, \`netspec explain\`)`
      : `fault ${f.name}: see docs/faults.md or \`netspec explain\`.`,
  }));
}

/** The ways a matcher is written, in the order the checker tries them. */
export const MATCHER_SYNTAX: readonly { syntax: string; compiles: string }[] = MATCHER_FORMS.map((f) => ({
  syntax: f.syntax,
  compiles: f.compiles,
}));

/** What SOURCE, DESTINATION and PORT stand for in probe syntax. */
export { PLACEHOLDERS };
