/**
 * `netspec reach --why FROM:TO`: after the table, the policy tier, rule and action that decided each
 * asked cell (an AdminNetworkPolicy Deny, a Pass on to NetworkPolicy, the baseline), and a usage
 * error for a cell outside the table.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const pods = ["a", "b", "c"]
  .map(
    (p) =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: ${p}, namespace: x, labels: { pod: ${p} } }\nspec: { containers: [{ name: c, image: nginx, ports: [{ containerPort: 80 }] }] }\n`,
  )
  .join("---\n");
const policies = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: deny-to-sensitive }
spec:
  priority: 10
  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: a } } } }
  ingress:
  - { action: Pass, from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: b } } } }] }
  - { action: Deny, from: [{ namespaces: {} }] }
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { pod: c } } } }
  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]
`;

describe("netspec reach --why", () => {
  it("names the deciding policy, rule and action of each asked cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-why-"));
    writeFileSync(
      join(dir, "x.yaml"),
      `apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n---\n${pods}---\n${policies}`,
    );
    const r = await runCli(
      ["reach", "--manifests", "x.yaml", "--why", "x/c:x/a,x/b:x/a,x/a:x/c,x/a:x/a"],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'x/c → x/a: denied: AdminNetworkPolicy "deny-to-sensitive" rule 2 (priority 10): Deny ingress to x/a from x/c on 80/TCP\n',
    );
    expect(r.stdout).toContain(
      'x/b → x/a: allowed: no egress policy selects x/b; AdminNetworkPolicy "deny-to-sensitive" rule 1 (priority 10): Pass ingress to x/a from x/b on 80/TCP; passed to NetworkPolicy; no ingress policy selects x/a\n',
    );
    expect(r.stdout).toContain(
      'x/a → x/c: denied: BaselineAdminNetworkPolicy "default" rule 1: Deny ingress to x/c from x/a on 80/TCP\n',
    );
    expect(r.stdout).toContain("x/a → x/a: not scored\n");
    const bad = await runCli(["reach", "--manifests", "x.yaml", "--why", "x/a"], dir);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("--why x/a: expected FROM:TO with both pods in the table (ns/name)");
  });
});
