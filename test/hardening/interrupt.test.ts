/**
 * Ctrl-C during a run: the real binary gets SIGINT part-way through a long suite, stops promptly,
 * exits 2 (errored: interrupted), and still writes JUnit and JSON reports covering the cases that
 * finished. The suite is generated large enough to outlast the signal, sent 2 s after start (bounded:
 * 4,000 small cases, about 15 s if it were never interrupted).
 */
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = join(import.meta.dirname, "..", "..", "bin", "netspec.js");

describe("Ctrl-C during a run", () => {
  it("stops, exits 2 and writes reports for what finished", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-sigint-"));
    const tests = Array.from(
      { length: 4000 },
      (_, i) =>
        `  test "t${i}" {\n    expect dns A kubernetes.default.svc.cluster.local { rcode NOERROR }\n  }`,
    );
    writeFileSync(
      join(dir, "long.netspec"),
      `suite "long" {\n  cluster kubeadm { nodes 3 }\n${tests.join("\n")}\n}\n`,
    );
    const child = spawn(
      process.execPath,
      [
        bin,
        "run",
        "long.netspec",
        "--reporter",
        "junit:out.xml",
        "--reporter",
        "json:out.json",
        "--reporter",
        "console",
      ],
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    );
    let signalled = false;
    child.stdout.resume();
    setTimeout(() => {
      signalled = true;
      child.kill("SIGINT");
    }, 2000);
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expect(signalled).toBe(true);
    expect(code).toBe(2);
    const json = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { cases: { status: string }[] };
    const finished = json.cases.filter((c) => c.status === "passed").length;
    expect(finished).toBeGreaterThan(0);
    expect(finished).toBeLessThan(4000);
    const xml = readFileSync(join(dir, "out.xml"), "utf8");
    expect(xml).toMatch(/<testsuites/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(json.cases.length);
  }, 60_000);
});
