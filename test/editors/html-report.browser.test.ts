/**
 * The HTML report in a real headless browser (Debian's chromium driven by playwright-core): it loads
 * with no console errors, what needs a look comes first, every link points at an element that
 * exists, a row's link opens that test's detail (each target's observation side by side for a
 * disagreement, the code frame of a failure), the filters hide rows, and a screenshot is written
 * (its path is printed in the test output). Skipped, saying why, when no chromium is installed
 * (`.ci/run` installs it).
 */
import { describe, it, expect } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { runPlan } from "../../runner/index.js";
import { createFakeTarget } from "../helpers/fake-target.js";
import type { Observation } from "../../runner/index.js";
import {
  caseOf,
  dnsObservation,
  dnsProbe,
  expectStep,
  ident,
  matcher,
  planOf,
  span,
} from "../helpers/plans.js";
import { renderHtml } from "../../reports/index.js";

const browserPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
const dns = (rcode: string): Observation => dnsObservation(rcode);

describe.skipIf(!browserPath)(
  `HTML report in headless chromium${browserPath ? "" : " (skipped: chromium is not installed)"}`,
  () => {
    it("opens without console errors, filters by status and renders the matrix", async () => {
      const plan = planOf({
        "a.netspec": [
          caseOf(
            "a.netspec",
            "S",
            "passes on both",
            [{ type: "wait", ms: 1000, span: span("a.netspec", 2) }],
            { tags: ["dns"] },
          ),
          caseOf(
            "a.netspec",
            "S",
            "agree",
            [expectStep(dnsProbe, [matcher("rcode", "==", ident("NXDOMAIN"))])],
            { tags: ["dns"] },
          ),
          caseOf(
            "a.netspec",
            "S",
            "disagree",
            [expectStep(dnsProbe, [matcher("rcode", "==", ident("NOERROR"))])],
            { tags: ["netpol"] },
          ),
        ],
      });
      const result = await runPlan(plan, {
        targets: [
          createFakeTarget({ name: "reference", observations: { dns: dns("NXDOMAIN") } }),
          createFakeTarget({ name: "kind", observations: { dns: dns("NOERROR") } }),
        ],
        seed: 1,
        now: () => 0,
      });
      const dir = mkdtempSync(join(tmpdir(), "netspec-html-"));
      const file = join(dir, "report.html");
      const source = 'suite "S" {\n  test "x" {\n    expect dns A x { rcode NOERROR }\n  }\n}\n';
      // The helpers' matchers are spanned in t.netspec: the frame shows its line.
      const html = renderHtml(
        result,
        new Map([
          ["a.netspec", source],
          ["t.netspec", source],
        ]),
      );
      writeFileSync(file, html);
      // Self-contained: nothing is loaded from anywhere.
      expect(html).not.toMatch(/<(link|img)\b|src=|@import|https?:\/\//);

      const browser = await chromium.launch({ executablePath: browserPath, args: ["--no-sandbox"] });
      try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
        const errors: string[] = [];
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(e.message));
        await page.goto(`file://${file}`);
        expect(await page.locator("#matrix thead th").allTextContents()).toEqual([
          "test",
          "reference",
          "kind",
        ]);
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(3);
        expect(await page.locator("#matrix tr.differs").count()).toBe(2);
        // What needs a look first: the test that passed everywhere ran first but comes last.
        expect(await page.locator("#matrix tbody tr").last().textContent()).toContain("S › passes on both");
        // Every in-page link has a target.
        const hrefs = await page.$$eval('a[href^="#"]', (as) => as.map((a) => a.getAttribute("href")!));
        expect(hrefs.length).toBeGreaterThanOrEqual(3);
        for (const h of hrefs) expect(await page.locator(`[id="${h.slice(1)}"]`).count(), h).toBe(1);
        // A row's link opens its detail: both targets' observations side by side, and the frame.
        await page.locator("#matrix a", { hasText: "S › agree" }).click();
        const agree = page.locator("details.test", { hasText: "S › agree" });
        expect(await agree.getAttribute("open")).not.toBeNull();
        const detail = await page.locator("details.test", { hasText: "S › disagree" }).textContent();
        expect(detail).toMatch(/reference\s*│\s*kind/);
        expect(detail).toContain("status: NXDOMAIN");
        expect(detail).toContain("status: NOERROR");
        expect(detail).toContain("--> t.netspec:1:1");
        expect(detail).toContain('1 | suite "S" {');
        await page.selectOption("#tag", "netpol");
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(1);
        await page.selectOption("#tag", "");
        await page.selectOption("#status", "failed");
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(2);
        await page.selectOption("#status", "");
        await page.screenshot({ path: join(dir, "report.png"), fullPage: true });
        expect(existsSync(join(dir, "report.png"))).toBe(true);
        console.log(`HTML report screenshot: ${join(dir, "report.png")}`);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);
