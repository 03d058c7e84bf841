import { describe, expect, it } from "vitest";
import type { Reporter, RunEvent, RunResult } from "../runner/index.js";
import { fileReporter, multiplexReporters } from "./multiplexer.js";

const start: RunEvent = { type: "run-start", files: [], targets: ["reference"], totalCases: 0, seed: 1 };
const result: RunResult = {
  seed: 1,
  targets: [],
  cases: [],
  summaries: {},
  durationMs: 0,
  aborted: false,
  errors: [],
};

describe("reporter multiplexer", () => {
  it("a throwing reporter is named once and left out; the others still see every event and finish", async () => {
    const seen: string[] = [];
    const warnings: string[] = [];
    const bad: Reporter = {
      name: "junit",
      onEvent: () => {
        throw new Error("disk full");
      },
    };
    const good: Reporter = { name: "console", onEvent: (e) => void seen.push(e.type) };
    const written: string[] = [];
    const file = fileReporter(
      "json",
      () => "{}",
      (t) => void written.push(t),
    );
    const mux = multiplexReporters([bad, good, file], (w) => void warnings.push(w));
    mux.onEvent!(start);
    mux.onEvent!({ type: "run-end", result });
    await mux.finish!(result);
    expect(seen).toEqual(["run-start", "run-end"]);
    expect(warnings).toEqual(["netspec: the junit reporter failed on run-start and was left out: disk full"]);
    expect(written).toEqual(["{}"]);
  });

  it("a report that cannot be written does not stop the other reports", async () => {
    const warnings: string[] = [];
    const written: string[] = [];
    const failing = fileReporter(
      "html",
      () => "<html>",
      () => {
        throw new Error("EISDIR: illegal operation on a directory");
      },
    );
    const ok = fileReporter(
      "junit",
      () => "<xml/>",
      (t) => void written.push(t),
    );
    await multiplexReporters([failing, ok], (w) => void warnings.push(w)).finish!(result);
    expect(written).toEqual(["<xml/>"]);
    expect(warnings[0]).toMatch(/the html reporter failed writing its report and was left out: EISDIR/);
  });
});
