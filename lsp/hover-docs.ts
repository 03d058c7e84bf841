/**
 * Hover texts, generated from the statement table (dsl LANGUAGE and KEYWORDS): statements, cluster
 * settings, probe kinds, matcher subjects and operators, the words that join a statement's parts,
 * record types, rcodes, value functions and the faults the server was given (with what they do).
 */
import {
  faultEntries,
  KEYWORDS,
  LANGUAGE,
  PLACEHOLDERS,
  type KnownFault,
  type LanguageEntry,
} from "../dsl/index.js";

/** One entry as markdown: how it is written, what it means, an example. */
export function describe(e: LanguageEntry): string {
  switch (e.category) {
    case "record-type":
    case "rcode":
      return e.summary;
    case "probe": {
      const used = PLACEHOLDERS.filter((p) => new RegExp(`\\b${p.name}\\b`).test(e.syntax));
      const legend = used.map((p) => `\n\n\`${p.name}\`: \`${p.syntax}\``).join("");
      return `probe \`${e.syntax} { … }\`: ${e.summary}${legend}`;
    }
    default:
      return `\`${e.syntax}\`: ${e.summary}${e.example ? `\n\nExample: \`${e.example}\`` : ""}`;
  }
}

/**
 * The hover of a word: every entry it names (`apply` is a step and a probe). A word followed by `(`
 * (`ip(`) names a value function; other words name the rest.
 */
export function hoverText(word: string, faults: readonly KnownFault[]): string | undefined {
  const call = word.endsWith("(");
  const name = call ? word.slice(0, -1) : word;
  const entries = [...LANGUAGE, ...KEYWORDS, ...faultEntries(faults)].filter(
    (e) => e.word === name && (e.category === "function") === call,
  );
  const texts = [...new Set(entries.map(describe))];
  return texts.length ? texts.join("\n\n---\n\n") : undefined;
}
