import { describe, it, expect } from "vitest";
import { renderDiagnostic, renderDiagnostics } from "./diagnostics.js";
import type { Diagnostic } from "../dsl/index.js";

const d: Diagnostic = {
  code: "check/unknown-step",
  severity: "error",
  message: "unknown step `expct`",
  span: { file: "a.netspec", line: 2, column: 3, offset: 14, endLine: 2, endColumn: 8, endOffset: 19 },
  notes: [{ message: "steps run in order" }],
  help: "did you mean `expect`?",
};

describe("renderDiagnostic", () => {
  it("renders a code frame without colour", () => {
    expect(renderDiagnostic(d, 'suite "s" {\n  expct dns A x\n}\n', { color: false })).toBe(
      [
        "error[check/unknown-step]: unknown step `expct`",
        " --> a.netspec:2:3",
        "  |",
        "2 |   expct dns A x",
        "  |   ^^^^^",
        "  = note: steps run in order",
        "  = help: did you mean `expect`?",
      ].join("\n"),
    );
  });
  it("works without a source or a span", () => {
    expect(renderDiagnostic({ ...d, span: undefined, notes: [], help: undefined }, undefined)).toBe(
      "error[check/unknown-step]: unknown step `expct`",
    );
  });
  it("summarises counts", () => {
    const out = renderDiagnostics([d, { ...d, severity: "warning" }], new Map(), { color: false });
    expect(out.trimEnd().split("\n").pop()).toBe("1 error, 1 warning");
  });
});
