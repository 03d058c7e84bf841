import { describe, expect, it } from "vitest";
import { runPlan, type RunEvent } from "../runner/index.js";
import { createFakeTarget } from "../test/helpers/fake-target.js";
import type { Observation } from "../runner/index.js";
import { caseOf, dnsProbe, expectStep, ident, matcher, planOf, span } from "../test/helpers/plans.js";
import { createConsoleReporter, summaryText } from "./console.js";
import { renderJson } from "./json.js";
import { renderJunit } from "./junit.js";

const source =
  'suite "S" {\n  test "bad" {\n    expect dns A x.default.svc.cluster.local. { rcode NXDOMAIN }\n  }\n}\n';
const obs: Observation = {
  kind: "dns",
  server: "10.96.0.10:53",
  transport: "udp",
  timeout: false,
  rcode: "NOERROR",
  flags: ["qr", "aa", "rd"],
  question: [{ name: "x.default.svc.cluster.local.", type: "A", class: "IN" }],
  answer: [{ name: "x.default.svc.cluster.local.", ttl: 30, class: "IN", type: "A", data: "10.96.0.5" }],
  authority: [],
  additional: [],
  size: 80,
  elapsedMs: 3,
  reasons: ["kubernetes: service default/x"],
};

async function sample() {
  const failing = expectStep(dnsProbe, [
    { ...matcher("rcode", "==", ident("NXDOMAIN")), span: span("a.netspec", 3, 49, 14) },
  ]);
  const plan = planOf({
    "a.netspec": [
      caseOf("a.netspec", "S", "ok", [expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))])]),
      caseOf("a.netspec", "S", "bad", [failing]),
      caseOf("a.netspec", "S", "broken", [expectStep(dnsProbe, [matcher("nope", "==", ident("x"))])]),
      caseOf("a.netspec", "S", "later", [], { skip: 'not yet <soon> & "quoted"' }),
    ],
  });
  const out: string[] = [];
  const events: RunEvent[] = [];
  const sources = new Map([["a.netspec", source]]);
  const reporter = createConsoleReporter({
    out: { write: (t: string) => out.push(t) },
    live: false,
    sources,
  });
  const result = await runPlan(plan, {
    targets: [createFakeTarget({ name: "reference", observations: { dns: obs } })],
    seed: 7,
    now: () => 0,
    onEvent: (e) => {
      events.push(e);
      reporter.onEvent?.(e);
    },
  });
  return { result, console: out.join(""), sources };
}

describe("console reporter", () => {
  it("lists cases, frames failures dig-style and summarises per target", async () => {
    const { console: text } = await sample();
    expect(text).toMatchInlineSnapshot(`
      "a.netspec [reference]
        ✓ S › ok
        ✗ S › bad
            expectation failed: expected rcode == NXDOMAIN, got NOERROR
              --> a.netspec:3:49
              |
            3 |     expect dns A x.default.svc.cluster.local. { rcode NXDOMAIN }
              |                                                 ^^^^^^^^^^^^^^
              expected: rcode == NXDOMAIN
              actual:   NOERROR
              observed:
                ;; ->>HEADER<<- opcode: QUERY, status: NOERROR
                ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0
                
                ;; QUESTION SECTION:
                ;x.default.svc.cluster.local.		IN	A
                
                ;; ANSWER SECTION:
                x.default.svc.cluster.local.	30	IN	A	10.96.0.5
                
                ;; SERVER: 10.96.0.10:53 (UDP), MSG SIZE rcvd: 80
              because kubernetes: service default/x
        ! S › broken
            error[run/matcher]: unknown subject "nope" for a dns expectation
              --> t.netspec:1:1
              because kubernetes: service default/x
        - S › later (skipped: not yet <soon> & "quoted")

      Failures (2):
        ✗ a.netspec:3:49  S › bad [reference]  expected rcode == NXDOMAIN, got NOERROR
        ! t.netspec:1:1  S › broken [reference]  error[run/matcher]: unknown subject "nope" for a dns expectation

      reference: 1 passed, 1 failed, 1 errored, 1 skipped
      "
    `);
  });
});

describe("junit reporter", () => {
  it("is well-formed and its counts match the console summary", async () => {
    const { result, sources } = await sample();
    const xml = renderJunit(result, sources);
    expect(xml).toContain('<testsuite name="a.netspec [reference]"');
    expect(xml).toMatch(/tests="4" failures="1" errors="1" skipped="1"/);
    expect(summaryText(result.summaries.reference!)).toBe("1 passed, 1 failed, 1 errored, 1 skipped");
    expect(xml).toContain('<property name="seed" value="7"/>');
    expect(xml).toContain('classname="S" name="bad"');
    // Well-formed: every opened element closes in order, and text is escaped.
    const stack: string[] = [];
    for (const m of xml
      .replace(/<\?xml[^>]*\?>/, "")
      .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")
      .matchAll(/<(\/?)([\w-]+)[^>]*?(\/?)>/g)) {
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else if (!m[3]) stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, "")).not.toMatch(/<soon>/);
  });
});

describe("json reporter", () => {
  it("is byte-identical for the same run and drops timings", async () => {
    const a = renderJson((await sample()).result);
    const b = renderJson((await sample()).result);
    expect(a).toBe(b);
    expect(a).not.toContain("durationMs");
    expect(JSON.parse(a).cases).toHaveLength(4);
  });
});
