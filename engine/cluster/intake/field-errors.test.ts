import { describe, expect, it } from "vitest";
import { aggregate, fe, fieldErrorText, goQuote, goStrings } from "./field-errors.js";

describe("field errors as apimachinery prints them", () => {
  it("formats each type with Go's value printing", () => {
    expect(
      fieldErrorText(fe.invalid("spec.ports[0].port", 70000, "must be between 1 and 65535, inclusive")),
    ).toBe("spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive");
    expect(fieldErrorText(fe.required("spec.ports"))).toBe("spec.ports: Required value");
    expect(fieldErrorText(fe.notSupported("spec.type", "", ["ClusterIP", "NodePort"]))).toBe(
      'spec.type: Unsupported value: "": supported values: "ClusterIP", "NodePort"',
    );
    expect(fieldErrorText(fe.invalid("spec.clusterIPs", goStrings(["a", "b"]), "x"))).toBe(
      'spec.clusterIPs: Invalid value: []string{"a", "b"}: x',
    );
    expect(fieldErrorText(fe.tooMany("endpoints", 1001, 1000))).toBe(
      "endpoints: Too many: 1001: must have at most 1000 items",
    );
  });

  it("quotes like strconv.Quote", () => {
    expect(goQuote('a"b\\c\n\tä')).toBe('"a\\"b\\\\c\\n\\tä"');
  });

  it("aggregates like ErrorList.ToAggregate: one bare, several bracketed, repeats once", () => {
    const a = fe.required("a");
    const b = fe.required("b");
    expect(aggregate([a])).toBe("a: Required value");
    expect(aggregate([a, b, a])).toBe("[a: Required value, b: Required value]");
  });
});
