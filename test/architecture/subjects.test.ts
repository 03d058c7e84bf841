/**
 * Every matcher subject the checker accepts for a probe kind is judged by the runner's subject table
 * for that probe's observation kind (runner/expectations/subjects/), so a spec that passes
 * `netspec check` never errors at run time with "unknown subject".
 */
import { describe, expect, it } from "vitest";
import { LANGUAGE } from "../../dsl/index.js";
import { SUBJECT_NAMES } from "../../runner/index.js";

/** `path` probes yield connect observations, `expect pod|service|node|deployment` object ones. */
const observationKind = (probe: string) =>
  probe === "path" ? "connect" : ["pod", "service", "node", "deployment"].includes(probe) ? "object" : probe;

describe("matcher subjects", () => {
  it("the checker's subjects of each probe kind are the runner's", () => {
    const unjudged: string[] = [];
    for (const entry of LANGUAGE.filter((e) => e.category === "probe" && e.subjects)) {
      const judged = SUBJECT_NAMES[observationKind(entry.word) as keyof typeof SUBJECT_NAMES];
      for (const s of entry.subjects!) if (!judged?.includes(s)) unjudged.push(`${entry.word}: ${s}`);
    }
    expect(unjudged).toEqual([]);
  });
});
