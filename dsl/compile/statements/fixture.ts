/** `fixture NAME { steps }`: reusable steps, inlined by `use NAME`. */
import type { FileCtx } from "../context.js";
import { Cursor, named } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

const fixtureName = named("fixture name", "NAME");

export const fixtureStatement: StatementSpec<FileCtx> = {
  head: "fixture",
  syntax: `fixture ${fixtureName.syntax} { STEP ... }`,
  summary: "reusable steps, inlined where a suite or test says `use NAME` (checked there, in its scope).",
  example: 'fixture debug-pod { apply file "manifests/debug.yaml" }',
  compile(st, fc) {
    const name = fixtureName.take(new Cursor(st, fc.ctx));
    if (name) fc.fixtures.set(name, st.block ?? []);
  },
};
