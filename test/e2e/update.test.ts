/**
 * Capturing a known-good cluster as a spec: `netspec record` (`run --update`) writes what was
 * observed into the expectations that disagreed or had none, formatted by `fmt`, so the next run
 * passes; and `reach --output netspec` prints an `expect reach` block that, pasted into a spec, passes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const manifests = `apiVersion: v1
kind: Pod
metadata: { name: web-0, labels: { app: web } }
spec: { containers: [{ name: web, image: nginx, ports: [{ name: http, containerPort: 80 }] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: client }
spec: { containers: [{ name: c, image: debian }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http }] }
`;

const spec = `suite "captured" {
  apply file "app.yaml"

  test "wrong rcode" {
    expect dns A kubernetes.default.svc.cluster.local { rcode NXDOMAIN }
  }

  test "nothing expected yet" {
    expect dns SRV _http._tcp.web.default.svc.cluster.local { }
  }

  test "a walk" {
    expect resolve "web" from pod default/client { tries [A "web.example." NOERROR] }
  }

  test "a connection" {
    expect connect from pod default/client to service default/web port 80/TCP { denied }
  }
}
`;

describe("netspec record / run --update", () => {
  it("writes the observed values so the next run passes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-record-"));
    writeFileSync(join(dir, "app.yaml"), manifests);
    writeFileSync(join(dir, "captured.netspec"), spec);
    expect((await runCli(["run", "captured.netspec"], dir)).code).toBe(1);
    const recorded = await runCli(["record", "captured.netspec"], dir);
    expect(recorded.code).toBe(0);
    expect(recorded.stderr).toContain("updated 4 expectations in captured.netspec");
    const text = readFileSync(join(dir, "captured.netspec"), "utf8");
    expect(text).toContain("{ rcode NOERROR }");
    expect(text).toContain(
      '    expect dns SRV _http._tcp.web.default.svc.cluster.local {\n      rcode NOERROR\n      answer == [srv(0, 100, 80, "web.default.svc.cluster.local.")]\n    }',
    );
    expect(text).toContain('tries [A "web.default.svc.cluster.local." NOERROR]');
    expect(text).toContain("port 80/TCP { allowed }");
    const again = await runCli(["run", "captured.netspec"], dir);
    expect(again.stdout).toContain("reference: 4 passed, 0 failed, 0 errored, 0 skipped");
    expect(again.code).toBe(0);
    expect((await runCli(["fmt", "--check", "captured.netspec"], dir)).code).toBe(0);
    // Nothing left to write.
    const idle = await runCli(["run", "--update", "captured.netspec"], dir);
    expect(idle.stderr).toContain("every expectation already matched");
    expect(readFileSync(join(dir, "captured.netspec"), "utf8")).toBe(text);
  });
});

describe("reach --output netspec", () => {
  it("prints an expect reach block that passes when pasted into a spec", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-reach-"));
    const pods = ["a", "b", "c"]
      .map(
        (p) =>
          `apiVersion: v1\nkind: Pod\nmetadata: { name: ${p}, namespace: x, labels: { pod: ${p} } }\nspec: { containers: [{ name: c, image: nginx, ports: [{ containerPort: 80 }] }] }\n`,
      )
      .join("---\n");
    const yaml = `apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n---\n${pods}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: only-a, namespace: x }\nspec:\n  podSelector: { matchLabels: { pod: b } }\n  ingress: [{ from: [{ podSelector: { matchLabels: { pod: a } } }] }]\n`;
    writeFileSync(join(dir, "x.yaml"), yaml);
    const r = await runCli(["reach", "--manifests", "x.yaml", "--output", "netspec"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("expect reach port 80/TCP {");
    expect(r.stdout).toMatch(/x\/c +\. +X +-/);
    const block = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => `    ${l}`)
      .join("\n");
    writeFileSync(
      join(dir, "reach.netspec"),
      `suite "pasted" {\n  apply file "x.yaml"\n  test "the table" {\n${block}\n  }\n}\n`,
    );
    const run = await runCli(["run", "reach.netspec"], dir);
    expect(run.stdout).toContain("reference: 1 passed");
    expect(run.code).toBe(0);
  });
});
