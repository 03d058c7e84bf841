import { describe, expect, it } from "vitest";
import { scriptedRunner } from "./commands.js";
import { KubeTarget } from "./kube-target.js";
import type { TargetContext } from "../target.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";

// The run journal (run-journal.ts) of targets under test goes here, not into /tmp itself.
const scratch = mkdtempSync(joinPath(tmpdir(), "nsx-test-"));

/** Stand-ins for the engine's CRDs (the composition root hands the real ones in). */
const CRDS = ["AdminNetworkPolicy", "BaselineAdminNetworkPolicy"].map((kind) => {
  const name = `${kind.toLowerCase().replace("policy", "policies")}.policy.networking.k8s.io`;
  return { name, kind, manifest: JSON.stringify({ kind: "CustomResourceDefinition", metadata: { name } }) };
});

const ctx = (): TargetContext => ({
  seed: 7,
  workDir: scratch,
  signal: new AbortController().signal,
  log: () => {},
});
const setup = { file: "a.netspec", suite: "S", cluster: { profile: "kind" as const }, upstream: [] };
const ANP =
  "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: deny }\nspec:\n  priority: 10\n  subject: { namespaces: {} }\n";
const src = (text: string) => [{ path: "a.yaml", text, line: 1, column: 0 }];

/** A cluster whose `kubectl get crd` finds the names in `has`; every command is recorded. */
function cluster(has: string[]) {
  return scriptedRunner((argv) => {
    const i = argv.indexOf("crd");
    if (argv.includes("get") && i >= 0)
      return has.includes(argv[i + 1]!)
        ? { code: 0, stdout: JSON.stringify({ kind: "CustomResourceDefinition" }), stderr: "" }
        : {
            code: 1,
            stdout: "",
            stderr: `Error from server (NotFound): customresourcedefinitions "${argv[i + 1]}" not found`,
          };
    return undefined;
  });
}

async function applyOn(has: string[], ...texts: string[]) {
  const runner = cluster(has);
  const t = new KubeTarget({
    spec: "cluster:kind-dev",
    runner,
    allowClusterChanges: true,
    policyCrds: CRDS,
  });
  await t.prepare(setup, ctx());
  await t.reset(setup, ctx());
  for (const text of texts) await t.apply(src(text), ctx());
  const cmds = runner.calls.map((c) => c.argv.join(" "));
  return {
    runner,
    cmds,
    crdApplies: runner.calls.filter((c) => c.input?.includes('"CustomResourceDefinition"')),
  };
}

describe("ANP/BANP CRDs on real clusters", () => {
  it("installs the v0.1.7 CRD a manifest needs, waits until it is Established, then applies the manifest", async () => {
    const { cmds, crdApplies } = await applyOn([], ANP);
    const get = cmds.indexOf(
      "kubectl --context kind-dev get crd adminnetworkpolicies.policy.networking.k8s.io -o json",
    );
    const wait = cmds.indexOf(
      "kubectl --context kind-dev wait --for=condition=Established crd/adminnetworkpolicies.policy.networking.k8s.io --timeout=60s",
    );
    const manifest = cmds.findIndex((c, i) => i > wait && c.endsWith("apply -f -"));
    expect(get).toBeGreaterThanOrEqual(0);
    expect(wait).toBeGreaterThan(get);
    expect(manifest).toBeGreaterThan(wait);
    expect(crdApplies).toHaveLength(1);
    expect(JSON.parse(crdApplies[0]!.input!).metadata.name).toBe(
      "adminnetworkpolicies.policy.networking.k8s.io",
    );
    // The BANP CRD is not needed by this manifest.
    expect(cmds.some((c) => c.includes("baselineadminnetworkpolicies"))).toBe(false);
  });

  it("leaves a CRD the cluster already has alone, and looks it up once per cluster", async () => {
    const { cmds, crdApplies } = await applyOn(["adminnetworkpolicies.policy.networking.k8s.io"], ANP, ANP);
    expect(crdApplies).toHaveLength(0);
    expect(cmds.filter((c) => c.includes("get crd adminnetworkpolicies"))).toHaveLength(1);
    expect(cmds.some((c) => c.includes(" wait "))).toBe(false);
  });

  it("installs the BANP CRD for a JSON BaselineAdminNetworkPolicy, and nothing for manifests without either kind", async () => {
    const banp = JSON.stringify({
      apiVersion: "policy.networking.k8s.io/v1alpha1",
      kind: "BaselineAdminNetworkPolicy",
      metadata: { name: "default" },
      spec: { subject: { namespaces: {} } },
    });
    const { crdApplies } = await applyOn([], banp);
    expect(crdApplies.map((c) => JSON.parse(c.input!).metadata.name)).toEqual([
      "baselineadminnetworkpolicies.policy.networking.k8s.io",
    ]);
    const plain = await applyOn(
      [],
      "apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec: { ports: [{ port: 80 }] }\n",
    );
    expect(plain.cmds.some((c) => c.includes("crd"))).toBe(false);
  });
});
