/**
 * Errors are coded diagnostics framed where the mistake is: a manifest the API refuses points at the
 * manifest's own line and column inside the .netspec (not at the `apply` statement), with the
 * engine's stable code. Since `run` admits every manifest before it runs anything (the checks of
 * `netspec check`), the refusal comes before the run and no report is written.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
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

describe("errors in what a spec applies", () => {
  it("a refused manifest is framed at its own line, with its code, and nothing runs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-run-errors-"));
    writeFileSync(join(dir, "bad.netspec"), spec);
    const r = await runCli(
      ["run", "bad.netspec", "--reporter", "console", "--reporter", "json:out.json"],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error[manifest/invalid]: Service "web" is invalid: spec.ports[0].protocol');
    expect(r.stderr).toContain("--> bad.netspec:9:37");
    expect(r.stderr).toContain("9 |       ports: [{ port: 80, protocol: TCPX }]");
    expect(r.stderr).toContain("nothing was run");
    expect(existsSync(join(dir, "out.json"))).toBe(false);
  });
});
