/** `use FIXTURE`: inline the steps of a fixture (defined in this file or an imported one). */
import type { StepCtx } from "../context.js";
import { Cursor, text } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

const fixture = text("FIXTURE");
/** Deeper nesting than this is a fixture using itself. */
const MAX_DEPTH = 16;

export const useStep: StatementSpec<StepCtx> = {
  head: "use",
  syntax: `use ${fixture.syntax}`,
  summary: "inline the steps of a fixture (defined in this file or an imported one).",
  example: "use debug-pod",
  compile(st, sc) {
    const c = new Cursor(st, sc.ctx);
    const span = c.spanAt();
    const name = fixture.take(c) ?? "";
    const body = sc.fixtures.get(name);
    const session = sc.ctx.session;
    const using = sc.using ?? [];
    if (!body) session.unknown("check/unknown-fixture", "fixture", name, span, [...sc.fixtures.keys()]);
    // A fixture inside its own expansion is a cycle, reported at once: found by fuzzing, a fixture
    // using itself three times was expanded 3^16 times before the depth limit stopped it.
    else if (using.includes(name) || sc.depth > MAX_DEPTH)
      session.error("check/fixture-cycle", `fixture ${name} uses itself`, st.$span);
    else
      for (const b of body) sc.ctx.dispatch.step(b, { ...sc, depth: sc.depth + 1, using: [...using, name] });
  },
};
