/**
 * Run-time errors are coded diagnostics framed where the mistake is: a manifest the API refuses points
 * at the manifest's own line and column inside the .netspec (not at the `apply` statement), and the
 * JSON report carries the error's stable code.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const spec = `suite "s" {
  cluster kubeadm { nodes 2 }
  apply """
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec:
      selector: { app: web }
      ports: [{ port: 80, protocol: TCPX }]
  """
  test "t" {
    expect dns A web.default.svc.cluster.local { rcode NOERROR }
  }
}
`;

describe("run-time errors", () => {
  it("a refused manifest is framed at its own line, with its code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-run-errors-"));
    writeFileSync(join(dir, "bad.netspec"), spec);
    const r = await runCli(
      ["run", "bad.netspec", "--reporter", "console", "--reporter", "json:out.json"],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[manifest/invalid]: Service "web" is invalid: spec.ports[0].protocol');
    expect(r.stdout).toContain("--> bad.netspec:9:33");
    expect(r.stdout).toContain("9 |       ports: [{ port: 80, protocol: TCPX }]");
    const json = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as { cases: { code?: string }[] };
    expect(json.cases[0]!.code).toBe("manifest/invalid");
  });
});
