/**
 * Golden end-to-end tests of the CLI: the real language front end and reference engine through
 * `main(argv, io)` in process, console and JUnit output
 * normalised (durations) and compared with golden/ files. Set UPDATE_GOLDEN=1 to rewrite them.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");

async function cli(argv: string[]) {
  const r = await runCli(argv, here);
  return { ...r, stdout: normalise(r.stdout), stderr: normalise(r.stderr) };
}

function normalise(text: string): string {
  return text
    .replace(/ \(\d+ms\)/g, "")
    .replace(/ \(\d+\.\ds\)/g, "")
    .replace(/ time="[\d.]+"/g, "")
    .replace(/ timestamp="[^"]+"/g, "");
}

const golden = (name: string, actual: string) => expectGolden(here, name, actual);

describe("netspec run", () => {
  it("ok: exit 0", async () => {
    const r = await cli(["run", "cases/ok"]);
    expect(r.code).toBe(0);
    golden("ok.console.txt", r.stdout);
  });
  it("failed: exit 1 with a code frame, and JUnit counts matching the summary", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-e2e-"));
    const r = await cli([
      "run",
      "cases/failed",
      "--reporter",
      "console",
      "--reporter",
      `junit:${dir}/out.xml`,
      "--seed",
      "3",
    ]);
    expect(r.code).toBe(1);
    golden("failed.console.txt", r.stdout);
    const xml = normalise(readFileSync(join(dir, "out.xml"), "utf8"));
    golden("failed.junit.xml", xml);
    expect(xml).toMatch(/tests="1" failures="1" errors="0" skipped="0"/);
    expect(r.stdout).toContain("reference: 0 passed, 1 failed, 0 errored, 0 skipped");
  });
  it("parse error: exit 2, diagnostics printed, nothing run", async () => {
    const r = await cli(["run", "cases"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    golden("parse-error.stderr.txt", r.stderr);
  });
  it("usage errors: exit 3 without a stack trace", async () => {
    for (const argv of [
      ["run", "cases/ok", "--target", "nosuch"],
      ["run", "cases/ok", "--target", "local", "--dry-run"],
      ["run", "cases/ok", "--shard", "3/2"],
      ["run", "--frobnicate"],
      ["run", "cases/ok", "--reporter", "xml"],
      ["run", "cases/ok", "--reporter", "junit:cases"],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(" ")).toBe(3);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect((await cli(["run", "cases/ok", "--target", "nosuch"])).stderr).toBe(
      'netspec: unknown target "nosuch" (known: reference, kind, cluster:<context>, local)\n',
    );
    expect((await cli(["run", "cases/ok", "--target", "local", "--dry-run"])).stderr).toBe(
      "netspec: --dry-run applies to the kind and cluster targets only\n",
    );
    // A path that does not exist is not a usage mistake but a missing input: exit 2.
    expect((await cli(["run", "nowhere"])).code).toBe(2);
    // A report path that is a directory is refused before the run, not after it.
    const dirReport = await cli(["run", "cases/ok", "--reporter", "junit:cases"]);
    expect(dirReport.stdout).toBe("");
    expect(dirReport.stderr).toMatch(/report path cases is a directory/);
  });
});

describe("netspec check", () => {
  it("reports every diagnostic and exits 2", async () => {
    const r = await cli(["check", "cases"]);
    expect(r.code).toBe(2);
    golden("check.stdout.txt", r.stdout);
  });
  it("exits 0 when clean", async () => {
    expect((await cli(["check", "cases/ok"])).code).toBe(0);
  });
});

describe("--version and --help", () => {
  it("prints the package version", async () => {
    const r = await cli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
    expect((await cli(["--help"])).stdout).toContain("run [options] [paths...]");
  });
});

describe("the installed binary", () => {
  const built = existsSync(join(root, "dist", "cli", "main.js"));
  it.skipIf(!built)("bin/netspec.js runs main and exits with its code", () => {
    const out = execFileSync(process.execPath, [join(root, "bin", "netspec.js"), "--version"], {
      encoding: "utf8",
    });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
    let code = 0;
    try {
      execFileSync(process.execPath, [join(root, "bin", "netspec.js"), "run", "--frobnicate"], {
        stdio: "pipe",
      });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    expect(code).toBe(3);
  });
});

describe("netspec check with three different mistakes", () => {
  it("prints three framed diagnostics at their line:col, exits 2, no stack trace", async () => {
    const r = await cli(["check", "mistakes"]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    for (const at of ["mistakes.netspec:2:11", "mistakes.netspec:4:16", "mistakes.netspec:7:50"])
      expect(r.stdout + r.stderr).toContain(at);
    golden("check-error.txt", r.stdout + r.stderr);
  });
});
