import { describe, expect, it } from "vitest";
import { runPlan } from "../runner/index.js";
import { createFakeTarget } from "../test/helpers/fake-target.js";
import type { Observation } from "../runner/index.js";
import {
  caseOf,
  dnsObservation,
  dnsProbe,
  expectStep,
  ident,
  matcher,
  planOf,
  span,
} from "../test/helpers/plans.js";
import { githubAnnotations, renderMarkdown } from "./markdown.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";

const source = 'suite "S" {\n  test "bad" {\n    expect dns A x. { rcode NXDOMAIN }\n  }\n}\n';
const dns = (rcode: string): Observation => dnsObservation(rcode);

/** Two targets that disagree on one test: the matrix and the annotations must show it. */
async function twoTargets() {
  const plan = planOf({
    "a.netspec": [
      caseOf("a.netspec", "S", "ok", [expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))])], {
        tags: ["dns"],
      }),
      caseOf(
        "a.netspec",
        "S",
        "bad, with: <html> & commas",
        [
          expectStep(dnsProbe, [
            { ...matcher("rcode", "==", ident("NXDOMAIN")), span: span("a.netspec", 3, 23, 14) },
          ]),
        ],
        { tags: ["dns", "negative"] },
      ),
    ],
  });
  const result = await runPlan(plan, {
    targets: [
      createFakeTarget({ name: "reference", observations: { dns: dns("NXDOMAIN") } }),
      createFakeTarget({ name: "kind", observations: { dns: dns("NOERROR") } }),
    ],
    seed: 3,
    now: () => 0,
  });
  return { result, sources: new Map([["a.netspec", source]]) };
}

describe("markdown job summary", () => {
  it("totals per target, a matrix marking disagreements, failures with file:line:col", async () => {
    const { result } = await twoTargets();
    const md = renderMarkdown(result);
    expect(md).toContain("| reference | 1 | 1 | 0 | 0 |");
    expect(md).toMatch(/\| ≠ \| a\.netspec › S › ok \| ❌ \| ✅ \|/);
    expect(md).toContain("parity: 0 agree, 2 disagree, 0 known divergence, 0 not comparable");
    // Each disagreement shows both targets' observations side by side, dig-style.
    expect(md).toContain("### Disagreements (2)");
    expect(md).toMatch(/reference +│ kind/);
    expect(md).toMatch(/status: NXDOMAIN +│ ;; ->>HEADER<<- opcode: QUERY, status: NOERROR/);
    expect(md).toMatch(/❌ \*\*S › bad, with: <html> & commas\*\* \[kind\] — `a\.netspec:3:23`/);
  });
});

describe("parity table in the JSON report", () => {
  it("agrees only where both targets observed equal answers; a skip is not comparable", async () => {
    const same = await runPlan(
      planOf({
        "a.netspec": [
          caseOf("a.netspec", "S", "same", [
            expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))]),
          ]),
          caseOf("a.netspec", "S", "later", [], { skip: "not yet" }),
        ],
      }),
      {
        targets: [
          createFakeTarget({ name: "reference", observations: { dns: dns("NOERROR") } }),
          createFakeTarget({ name: "local", observations: { dns: dns("NOERROR") } }),
        ],
        seed: 1,
        now: () => 0,
      },
    );
    expect(same.parity?.map((r) => [r.test, r.verdict])).toEqual([
      ["same", "agree"],
      ["later", "not-comparable"],
    ]);
    expect(same.paritySummary).toEqual({ agree: 1, disagree: 0, knownDivergence: 0, notComparable: 1 });
  });

  it("lists each test's status per target and whether they agree", async () => {
    const { result } = await twoTargets();
    const doc = JSON.parse(renderJson(result)) as {
      parity: { test: string; statuses: Record<string, string>; agree: boolean }[];
    };
    expect(doc.parity).toEqual([
      expect.objectContaining({
        test: "ok",
        statuses: { reference: "failed", kind: "passed" },
        agree: false,
      }),
      expect.objectContaining({
        test: "bad, with: <html> & commas",
        statuses: { reference: "passed", kind: "failed" },
        agree: false,
      }),
    ]);
  });
});

describe("GitHub annotations", () => {
  it("one ::error per failed case, properties escaped", async () => {
    const { result } = await twoTargets();
    const lines = githubAnnotations(result).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=[^,]+,line=\d+,col=\d+,title=S › ok \[reference\]::expected rcode/,
    );
    expect(lines[1]).toContain("title=S › bad%2C with%3A <html> & commas [kind]");
  });
});

describe("HTML report", () => {
  it("is one self-contained page with the matrix, filters and escaped details", async () => {
    const { result, sources } = await twoTargets();
    const html = renderHtml(result, sources);
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']https?:/);
    expect(html).toContain("<th>reference</th><th>kind</th>");
    expect(html).toMatch(/<tr data-test="t0" data-statuses="failed passed" data-tags="dns" class="differs">/);
    expect(html).toContain("<option>negative</option>");
    expect(html).toContain("bad, with: &lt;html&gt; &amp; commas");
    expect(html).not.toContain("<html> & commas");
  });
});
