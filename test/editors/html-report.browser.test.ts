/**
 * The HTML report in a real headless browser (Debian's chromium driven by playwright-core): it loads
 * with no console errors, the status filter hides passing rows, and a screenshot shows the matrix.
 * Skipped, saying why, when no chromium is installed (`.ci/run` installs it).
 */
import { describe, it, expect } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { runPlan } from "../../runner/index.js";
import { createFakeTarget } from "../helpers/fake-target.js";
import type { Observation } from "../../runner/index.js";
import { caseOf, dnsObservation, dnsProbe, expectStep, ident, matcher, planOf } from "../helpers/plans.js";
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
      writeFileSync(file, renderHtml(result, new Map([["a.netspec", 'suite "S" {\n}\n']])));

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
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(2);
        expect(await page.locator("#matrix tr.differs").count()).toBe(2);
        await page.selectOption("#tag", "netpol");
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(1);
        await page.selectOption("#tag", "");
        await page.selectOption("#status", "passed");
        expect(await page.locator("#matrix tbody tr:not(.hidden)").count()).toBe(2);
        await page.screenshot({ path: join(dir, "report.png"), fullPage: true });
        expect(existsSync(join(dir, "report.png"))).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    }, 60_000);
  },
);
