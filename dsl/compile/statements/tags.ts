/** `tags a, b, c`: tags of a suite (every test's) or of one test, for `--tags`. */
import type { Statement } from "../../ast.js";
import type { SuiteCtx } from "../context.js";
import { textOf } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

/** The words and strings of a tags line. */
export function tagsOf(st: Statement): string[] {
  return st.items.flatMap((i) => (i.$type === "Comma" ? [] : (textOf(i) ?? [])));
}

export const tagsStatement: StatementSpec<SuiteCtx> = {
  head: "tags",
  syntax: "tags TAG, ...",
  summary:
    "tags of the suite (every test has them) or, inside a test, of that test; `--tags` selects by them.",
  example: "tags dns, kind, k8s-dns-spec/2.3.1",
  compile(st, sc) {
    sc.suite.tags.push(...tagsOf(st));
  },
};
