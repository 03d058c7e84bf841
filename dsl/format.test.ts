/** The formatter on inputs fuzzing found (fuzz/regressions/dsl holds them too): idempotent, meaning kept. */
import { describe, expect, it } from "vitest";
import { formatSource } from "./format.js";
import { loadPlan } from "./load.js";
import { parseSource } from "./parse.js";

const F = "/s.netspec";
const fmt = (t: string) => formatSource(t, F).output!;
const host = (t: string) => ({
  readFile: (p: string) => (p === F ? t : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

describe("formatSource", () => {
  it("finds block strings where the parser does, not by counting quotes on a line", () => {
    // `" """"""`: a string, then a block opening; the next line closes it and holds more quotes.
    const text = 'm{}s""{y" """"""\n"""""{}}';
    expect(fmt(fmt(text))).toBe(fmt(text));
    expect(fmt(text).split("\n")).toHaveLength(3);
  });

  it("indents what follows a block's closing quotes on the same line as a block", () => {
    const text =
      'suite "s" {\n  test "t" {\n    expect apply """\n      kind: Pod\n    """ {\n    rejected\n  }\n  }\n}\n';
    expect(fmt(text)).toBe(
      'suite "s" {\n  test "t" {\n    expect apply """\n      kind: Pod\n    """ {\n      rejected\n    }\n  }\n}\n',
    );
  });

  it("keeps an empty block empty when it re-indents the closing quotes", () => {
    const text = 'suite""{\ntest""{\npatch s d"""\n"""}}';
    const value = (t: string) =>
      JSON.stringify(parseSource(t, F).ast!.statements[0]!.block![0]!.block![0]!.items[2]!);
    expect(JSON.parse(value(fmt(text))).value).toBe(JSON.parse(value(text)).value);
  });
});

describe("block strings", () => {
  it("hold no text for blanks after a multi-line block's opening quotes (fmt trims them)", () => {
    const value = (t: string) => parseSource(t, F).ast!.statements[0]!.items[0]!;
    const spaced = 'apply """  \n  kind: Pod\n"""\n';
    expect(value(spaced)).toMatchObject({ value: "kind: Pod\n", line: 2 });
    expect(value('apply """ \n"""\n')).toMatchObject({ value: "\n", line: 1 });
    expect(value(fmt(spaced))).toMatchObject({ value: "kind: Pod\n" });
  });

  it("are not aligned as reach-matrix rows", () => {
    const text = 'apply """ - \n  a: x\n  bbb: x\n"""\n';
    expect(fmt(text)).toBe('apply """ - \n  a: x\n  bbb: x\n"""\n');
  });

  it("keep the trailing blanks of text on the opening quotes' line", () => {
    const text = 'apply """kind: Pod  \n"""\n';
    expect(fmt(text)).toBe(text);
  });
});

describe("inline YAML errors", () => {
  it("stay inside the file when an unclosed block ends it", () => {
    const text = 'suite""{{}\napply"""[';
    const lines = text.split("\n").length;
    for (const d of loadPlan([F], host(text)).diagnostics) expect(d.span!.line).toBeLessThanOrEqual(lines);
  });
});
