import { describe, expect, it } from "vitest";
import { createRng } from "../../support/index.js";
import { aggregate, byteLength, fe, fieldErrorText, goCompare, goQuote, goStrings } from "./field-errors.js";

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

  it("compares and measures strings as Go does (UTF-8 bytes), surrogates and all", () => {
    const rng = createRng(3);
    const units = [
      0x61, 0x7a, 0x41, 0xe9, 0x7ff, 0x800, 0xd7ff, 0xd83d, 0xde00, 0xdbff, 0xdfff, 0xe000, 0xffff,
    ];
    const word = () =>
      String.fromCharCode(...Array.from({ length: rng.int(5) }, () => units[rng.int(units.length)]!));
    const reference = (a: string, b: string) => {
      const ca = [...a].map((c) => c.codePointAt(0)!);
      const cb = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
      return ca.length - cb.length;
    };
    for (let i = 0; i < 5000; i++) {
      const a = word();
      const b = rng.int(4) === 0 ? a + word() : word();
      expect(goCompare(a, b), JSON.stringify([a, b])).toBe(reference(a, b));
      expect(byteLength(a), JSON.stringify(a)).toBe(new TextEncoder().encode(a).length);
    }
    expect(["\u{1f600}", "\uffff", "b", "a"].sort(goCompare)).toEqual(["a", "b", "\uffff", "\u{1f600}"]);
  });
});
