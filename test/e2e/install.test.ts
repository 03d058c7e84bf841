/**
 * netspec installs into someone else's repository: `npm pack` gives a tarball that installs into an
 * empty project (the registry is needed only for netspec's own dependencies), where
 * `npx netspec init && npx netspec run` creates a suite and passes it, `npx netspec check` is clean
 * and the JUnit reporter writes its file. Uses the build in dist/ (`npm ci` builds it through
 * `prepare`); skipped with that reason when there is none.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const built = existsSync(join(root, "dist", "cli", "main.js"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function sh(cmd: string, args: string[], cwd: string): string {
  // CI=true and no colour: plain output; npm's own update check and funding notes off.
  return execFileSync(cmd, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, npm_config_update_notifier: "false" },
  });
}

describe("the packed package", () => {
  it.skipIf(!built)(
    "installs into an empty project where `netspec init && netspec run` passes",
    () => {
      const out = mkdtempSync(join(tmpdir(), "netspec-pack-"));
      // --ignore-scripts: dist/ is already built; `prepare` would rebuild it.
      sh(npm, ["pack", "--ignore-scripts", "--pack-destination", out], root);
      const tarball = readdirSync(out).find((f) => f.endsWith(".tgz"));
      expect(tarball).toBeDefined();

      const project = mkdtempSync(join(tmpdir(), "netspec-user-project-"));
      writeFileSync(
        join(project, "package.json"),
        JSON.stringify({ name: "my-cluster-tests", private: true }),
      );
      sh(npm, ["install", "--no-audit", "--no-fund", "--save-dev", join(out, tarball!)], project);

      const init = sh(npx, ["netspec", "init"], project);
      expect(init).toContain("suites/example.netspec");
      expect(existsSync(join(project, "netspec.config.yaml"))).toBe(true);
      expect(sh(npx, ["netspec", "check"], project)).toContain("checked 1 file: 0 errors, 0 warnings");
      const run = sh(
        npx,
        ["netspec", "run", "--reporter", "console", "--reporter", "junit:out/netspec.xml"],
        project,
      );
      expect(run).toContain("reference: 3 passed, 0 failed, 0 errored, 0 skipped");
      expect(readFileSync(join(project, "out", "netspec.xml"), "utf8")).toContain('tests="3" failures="0"');
      expect(sh(npx, ["netspec", "--version"], project).trim()).toBe(
        (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version,
      );
    },
    600_000,
  );
});
