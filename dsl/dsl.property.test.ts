/**
 * Hardening of the language front end with fast-check: random and mutated `.netspec` text (the real
 * suites, cut, spliced and sprinkled with syntax characters) never crashes or hangs the parser,
 * checker or formatter; every diagnostic has a span inside the file; formatting is idempotent and
 * does not change what the file means (the compiled plan). Bounded in runs so CI stays fast.
 */
import { describe, it, expect, vi } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { loadPlan } from "./load.js";
import { formatSource } from "./format.js";
import { parseSource } from "./parse.js";
import type { SourceHost } from "./source-host.js";
import type { Diagnostic } from "./diagnostic.js";

// Each property runs 300 whole loads of mutated suites: seconds idle, minutes while the local
// cluster's tests share the cores. The bound is against hangs, not a speed claim.
vi.setConfig({ testTimeout: 180_000 });

const suitesDir = join(import.meta.dirname, "..", "suites");
function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? specFiles(p) : n.endsWith(".netspec") ? [p] : [];
  });
}
const corpus = specFiles(suitesDir).map((p) => readFileSync(p, "utf8"));
const FILE = "/virtual/spec.netspec";

/** A host where only the spec under test exists: imports and `apply file` resolve to nothing. */
const hostFor = (text: string): SourceHost => ({
  readFile: (p) => (p === FILE ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

const SYNTAX = ['"', '"""', "{", "}", "[", "]", "(", ")", ",", ";", "\n", "#", "==", "=", "/", " "];

/** A mutation of a real suite: delete, duplicate or insert around a random offset. */
const mutated = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(
      fc.tuple(
        fc.constantFrom("delete", "insert", "duplicate", "swap"),
        fc.nat(),
        fc.nat(40),
        fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 6 })),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  )
  .map(([base, edits]) => {
    let s = base;
    for (const [op, at, len, text] of edits) {
      const i = s.length ? at % s.length : 0;
      if (op === "delete") s = s.slice(0, i) + s.slice(i + len);
      else if (op === "insert") s = s.slice(0, i) + text + s.slice(i);
      else if (op === "duplicate") s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
      else {
        const j = (at * 7919) % Math.max(1, s.length);
        const [a, b] = i < j ? [i, j] : [j, i];
        s =
          s.slice(0, a) + s.slice(b, b + len) + s.slice(a + len, b) + s.slice(a, a + len) + s.slice(b + len);
      }
    }
    return s;
  });

const randomText = fc
  .array(fc.oneof(fc.constantFrom(...SYNTAX, "suite", "test", "expect", "dns", "A"), fc.string()), {
    maxLength: 60,
  })
  .map((parts) => parts.join(" "));

function spansInside(text: string, diagnostics: Diagnostic[]): void {
  const lines = text.split("\n");
  for (const d of diagnostics) {
    expect(d.code).toMatch(/^(parse|check)\//);
    if (!d.span) continue;
    expect(d.span.line).toBeGreaterThanOrEqual(1);
    expect(d.span.line).toBeLessThanOrEqual(lines.length);
    expect(d.span.column).toBeGreaterThanOrEqual(1);
    expect(d.span.column).toBeLessThanOrEqual((lines[d.span.line - 1] ?? "").length + 2);
  }
}

const plans = (text: string) => {
  const r = loadPlan([FILE], hostFor(text));
  return JSON.stringify(r.plan, (k, v) =>
    k === "span" || k === "$span" || k === "line" || k === "column" ? undefined : v,
  );
};

describe("the .netspec front end under random and mutated input", () => {
  it("never throws, and every diagnostic points inside the file", () => {
    fc.assert(
      fc.property(fc.oneof(mutated, randomText), (text) => {
        const parsed = parseSource(text, FILE);
        spansInside(text, parsed.diagnostics);
        const loaded = loadPlan([FILE], hostFor(text));
        spansInside(
          text,
          loaded.diagnostics.filter((d) => d.span?.file === FILE),
        );
        formatSource(text, FILE);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it("fmt is idempotent on everything that parses and keeps the plan", () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const once = formatSource(text, FILE);
        if (once.output === undefined) return;
        const twice = formatSource(once.output, FILE);
        expect(twice.output).toBe(once.output);
        expect(plans(once.output)).toBe(plans(text));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it("every real suite formats to itself", () => {
    for (const text of corpus) expect(formatSource(text, FILE).output).toBe(text);
  });
});
