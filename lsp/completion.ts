/**
 * Completion from the statement table: statement heads for where the cursor stands (a file's top
 * level, a suite, a test or fixture, a cluster block), probe kinds after `expect`, matcher subjects in
 * an expect block, record types after `expect dns` and in upstream blocks, rcodes after `rcode`, and
 * fault names after `fault`/`heal`, and the pods, services and nodes the spec's manifests define after
 * `pod`, `service` and `node`. The enclosing block comes from the parser's tree (which recovers
 * from the half-written statement being typed); the statement being typed from the current line.
 */
import {
  faultEntries,
  LANGUAGE,
  parseSource,
  type Category,
  type KnownFault,
  type LanguageEntry,
  type Statement,
} from "../dsl/index.js";
import { describe } from "./hover-docs.js";

export interface Completion {
  label: string;
  category: Category;
  detail: string;
  documentation: string;
}

/** Objects the open spec defines (its manifests), for completing `pod |` and `service |`. */
export interface Names {
  pods: readonly string[];
  services: readonly string[];
  nodes: readonly string[];
}

const NO_NAMES: Names = { pods: [], services: [], nodes: [] };

/** `pod |`, `to service |`, `ip(pod |`: the names of that kind in scope. */
function objectNames(previous: string | undefined, names: Names): LanguageEntry[] {
  const kind = previous?.slice(previous.lastIndexOf("(") + 1);
  const list =
    kind === "pod"
      ? names.pods
      : kind === "service"
        ? names.services
        : kind === "node"
          ? names.nodes
          : undefined;
  return (list ?? []).map((n) => ({
    word: n,
    category: "subject",
    syntax: `${kind} ${n}`,
    summary: `a ${kind} the spec's manifests define`,
  }));
}

/** The innermost statement whose `{ ... }` block holds `offset`, if any. */
function enclosing(statements: readonly Statement[], offset: number, text: string): Statement | undefined {
  for (const st of statements) {
    const s = st.$span;
    if (!st.block || offset <= s.offset || offset > s.endOffset) continue;
    const itemsEnd = st.items.at(-1)?.$span.endOffset ?? st.headSpan.endOffset;
    if (!text.slice(itemsEnd, offset).includes("{")) continue;
    return enclosing(st.block, offset, text) ?? st;
  }
  return undefined;
}

const by = (pred: (e: LanguageEntry) => boolean) => LANGUAGE.filter(pred);
const inCategory = (...cs: Category[]) => by((e) => cs.includes(e.category));

/** Statement heads valid in the block of `parent` (undefined: a file's top level). */
function heads(parent: Statement | undefined): LanguageEntry[] {
  switch (parent?.head) {
    case undefined:
      return inCategory("top");
    case "suite":
      return inCategory("suite", "step");
    case "test":
    case "fixture":
      return [...inCategory("step"), ...by((e) => e.word === "tags" && e.category === "suite")];
    case "cluster":
      return inCategory("setting");
    case "expect": {
      const probe = parent.items[0]?.$type === "Word" ? parent.items[0].value : "";
      const subjects = by((e) => e.category === "probe" && e.word === probe)[0]?.subjects ?? [];
      return subjects.map((s) => ({
        word: s,
        category: "subject",
        syntax: s,
        summary: `a matcher subject of ${probe}`,
      }));
    }
    default:
      return [];
  }
}

/** Words a statement takes at item `index` (0 = the first after the head). */
function items(
  head: string,
  words: string[],
  index: number,
  parent: Statement | undefined,
  faults: readonly KnownFault[],
) {
  if ((head === "fault" || head === "heal") && index === 0) return faultEntries(faults);
  if (head === "expect" && index === 0) return inCategory("probe");
  if (head === "expect" && words[0] === "dns" && index === 1) return inCategory("record-type");
  if (parent?.head === "upstream" && index === 0) return inCategory("record-type", "rcode");
  if (parent?.head === "expect" && head === "rcode" && (index === 0 || (index === 1 && words[0] === "==")))
    return inCategory("rcode");
  return [];
}

/** What may be written at `offset` of `text`. */
export function completionsAt(
  text: string,
  offset: number,
  faults: readonly KnownFault[],
  names: Names = NO_NAMES,
): Completion[] {
  const ast = parseSource(text, "<completion>").ast;
  const parent = ast ? enclosing(ast.statements, offset, text) : undefined;
  // The statement being typed: the current line after its last `{` or `;`.
  const line = text.slice(text.lastIndexOf("\n", offset - 1) + 1, offset);
  const stmt = line.slice(Math.max(line.lastIndexOf("{"), line.lastIndexOf(";")) + 1);
  const words = stmt.trim().split(/\s+/).filter(Boolean);
  const typing = !/\s$/.test(stmt) && words.length > 0;
  const complete = typing ? words.slice(0, -1) : words;
  const named = objectNames(complete.at(-1), names);
  const entries =
    complete.length === 0
      ? heads(parent)
      : named.length
        ? named
        : items(complete[0]!, complete.slice(1), complete.length - 1, parent, faults);
  const seen = new Set<string>();
  return entries.flatMap((e) => {
    if (seen.has(e.word)) return [];
    seen.add(e.word);
    return [{ label: e.word, category: e.category, detail: e.syntax, documentation: describe(e) }];
  });
}
