/**
 * `netspec run --watch`: after the first run, editing a manifest a spec applies re-runs that spec (and
 * only it); Ctrl-C ends the watch.
 */
import { describe, it, expect } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bin = join(import.meta.dirname, "..", "..", "bin", "netspec.js");
const svc = (name: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: ${name} }\nspec: { ports: [{ port: 80 }] }\n`;

describe("run --watch", () => {
  it("re-runs the spec whose manifest changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-watch-"));
    writeFileSync(join(dir, "svc.yaml"), svc("web"));
    writeFileSync(
      join(dir, "a.netspec"),
      'suite "a" {\n  apply file "svc.yaml"\n  test "web exists" {\n    expect dns A web.default.svc.cluster.local { rcode NOERROR }\n  }\n}\n',
    );
    writeFileSync(
      join(dir, "b.netspec"),
      'suite "b" {\n  test "kubernetes" {\n    expect dns A kubernetes.default.svc.cluster.local { rcode NOERROR }\n  }\n}\n',
    );
    const child = spawn(process.execPath, [bin, "run", ".", "--watch"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const waitFor = (re: RegExp) =>
      new Promise<void>((ok, fail) => {
        const t = setTimeout(() => fail(new Error(`timed out waiting for ${re}: ${err}`)), 20_000);
        const check = () => {
          if (re.test(err)) {
            clearTimeout(t);
            ok();
          }
        };
        child.stderr.on("data", (b: Buffer) => {
          err += b.toString();
          check();
        });
        check();
      });
    await waitFor(/watching for changes/);
    expect(out).toMatch(/2 passed/);
    writeFileSync(join(dir, "svc.yaml"), svc("renamed"));
    await waitFor(/1 file\(s\) changed; running again/);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill("SIGINT");
    await new Promise((r) => child.on("exit", r));
    expect(out).toMatch(/a › web exists/);
    expect(out.split("reference:").length - 1).toBe(2);
    expect(out).toMatch(/0 passed, 1 failed/);
  }, 40_000);
});
