import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTarget } from "../index.js";
import { observe } from "../observers.js";
import type { TargetContext } from "../target.js";
import { scriptedRunner } from "./commands.js";
import { kindNodeNameMap, kindNodes, renameNodes, type ProfileNode } from "./node-names.js";
import { parseManifests } from "./yaml11.js";

const kubeadm3: ProfileNode[] = [
  { name: "control-plane", controlPlane: true },
  { name: "worker-0", controlPlane: false },
  { name: "worker-1", controlPlane: false },
];
const openshift5: ProfileNode[] = [
  ...["master-0", "master-1", "master-2"].map((name) => ({ name, controlPlane: true })),
  ...["worker-0", "worker-1"].map((name) => ({ name, controlPlane: false })),
];

describe("kind's node names (kind namer_test.go TestMakeNodeNamer)", () => {
  it("`<cluster>-control-plane`, then `<cluster>-worker`, `<cluster>-worker2`, …", () => {
    expect(kindNodes({ profile: "kind", nodes: 3 }, "kind-test").map((n) => n.name)).toEqual([
      "kind-test-control-plane",
      "kind-test-worker",
      "kind-test-worker2",
    ]);
    expect(kindNodes({ profile: "kind" }, "kind").map((n) => n.name)).toEqual(["kind-control-plane"]);
  });
});

describe("the reference's nodes on the kind cluster", () => {
  it("kubeadm nodes 3: the control plane and each worker have a twin at the same place", () => {
    const m = kindNodeNameMap({ profile: "kubeadm", nodes: 3 }, "netspec-1", kubeadm3);
    expect(Object.fromEntries(m.forward)).toEqual({
      "kind-control-plane": "netspec-1-control-plane",
      "kind-worker": "netspec-1-worker",
      "kind-worker2": "netspec-1-worker2",
      "control-plane": "netspec-1-control-plane",
      "worker-0": "netspec-1-worker",
      "worker-1": "netspec-1-worker2",
    });
    expect(m.unmapped.size).toBe(0);
    // Back to the reference's names, which the spec wrote.
    expect(m.back.get("netspec-1-worker2")).toBe("worker-1");
  });

  it("openshift without `nodes`: master-0 is the control plane; the rest have no twin, each with why", () => {
    const m = kindNodeNameMap({ profile: "openshift" }, "netspec-1", openshift5);
    expect(m.forward.get("master-0")).toBe("netspec-1-control-plane");
    expect(Object.fromEntries(m.unmapped)).toEqual({
      "master-1": {
        why: "it has 1 control-plane node, the reference's openshift profile 3 (kindConfig makes one)",
        help: "pin the first control-plane node or a worker",
      },
      "master-2": {
        why: "it has 1 control-plane node, the reference's openshift profile 3 (kindConfig makes one)",
        help: "pin the first control-plane node or a worker",
      },
      "worker-0": {
        why: "it has 0 workers, the reference's openshift profile 2 (the block sets no `nodes`: kind makes 1, the profile 5)",
        help: "set `nodes 5` in the cluster block (kind then makes 4 workers)",
      },
      "worker-1": {
        why: "it has 0 workers, the reference's openshift profile 2 (the block sets no `nodes`: kind makes 1, the profile 5)",
        help: "set `nodes 5` in the cluster block (kind then makes 4 workers)",
      },
    });
    const five = kindNodeNameMap({ profile: "openshift", nodes: 5 }, "n", openshift5);
    expect([five.forward.get("worker-0"), five.forward.get("worker-1")]).toEqual(["n-worker", "n-worker2"]);
    expect([...five.unmapped.keys()]).toEqual(["master-1", "master-2"]);
  });
});

describe("renameNodes: the fields that choose a pod's node", () => {
  const rename = (yaml: string) => {
    const [o] = parseManifests(yaml) as Record<string, unknown>[];
    renameNodes(o!, (n) => (n.startsWith("worker-") ? `real-${n}` : n));
    return o!;
  };

  it("a Deployment's template: nodeName, hostname nodeSelector, required and preferred affinity", () => {
    const o = rename(`apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeName: worker-0
      nodeSelector: { kubernetes.io/hostname: worker-1, disktype: worker-1 }
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
            - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-0, other] }]
              matchFields: [{ key: metadata.name, operator: NotIn, values: [worker-1] }]
            - matchExpressions: [{ key: zone, operator: In, values: [worker-0] }]
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            preference: { matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-1] }] }
      containers: [{ name: c, image: i }]
`);
    const spec = JSON.stringify((o.spec as { template: { spec: unknown } }).template.spec);
    expect(spec).toContain('"nodeName":"real-worker-0"');
    expect(spec).toContain('"nodeSelector":{"kubernetes.io/hostname":"real-worker-1","disktype":"worker-1"}');
    expect(spec).toContain('"values":["real-worker-0","other"]');
    expect(spec).toContain('"key":"metadata.name","operator":"NotIn","values":["real-worker-1"]');
    // Another label's values are not node names.
    expect(spec).toContain('"key":"zone","operator":"In","values":["worker-0"]');
    expect(spec).toContain(
      '"preference":{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["real-worker-1"]}]}',
    );
  });

  it("a CronJob's job template and an EndpointSlice's endpoints", () => {
    const cron = rename(`apiVersion: batch/v1
kind: CronJob
metadata: { name: c }
spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { nodeName: worker-0, containers: [] } } } } }
`);
    expect(JSON.stringify(cron)).toContain('"nodeName":"real-worker-0"');
    const slice = rename(`apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: s }
addressType: IPv4
endpoints: [{ addresses: [10.0.0.1], nodeName: worker-1 }]
`);
    expect(JSON.stringify(slice)).toContain('"nodeName":"real-worker-1"');
  });
});

describe("on --target kind (recorded commands)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "nsx-test-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const ctx = (): TargetContext => ({
    seed: 7,
    workDir: scratch,
    signal: new AbortController().signal,
    log: () => {},
  });

  it("the reference's node names reach kind's nodes and come back in observations", async () => {
    const runner = scriptedRunner((argv) => {
      if (argv.some((a) => a.startsWith("jsonpath="))) return { code: 0, stdout: "172.18.0.3", stderr: "" };
      if (argv.includes("get") && argv.includes("Pod") && argv.includes("json"))
        return {
          code: 0,
          stdout: JSON.stringify({ spec: { nodeName: "netspec-7-worker2" }, status: { phase: "Running" } }),
          stderr: "",
        };
      return undefined;
    });
    // The composition root hands the kind target the reference profile's nodes (kubeadm, 3 nodes).
    const t = createTarget("kind", { runner });
    const setup = {
      file: "a.netspec",
      suite: "S",
      cluster: { profile: "kubeadm" as const, nodes: 3 },
      upstream: [],
    };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    await t.apply(
      [
        {
          path: "a.yaml",
          text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { nodeSelector: { "kubernetes.io/hostname": worker-1 }, containers: [{ name: c, image: i }] }\n',
          line: 1,
          column: 0,
        },
      ],
      ctx(),
    );
    const applied = runner.calls.find((c) => c.argv.includes("apply") && c.input?.includes("kind: Pod"));
    expect(applied?.input).toContain("kubernetes.io/hostname: netspec-7-worker2");
    const obs = await observe(t, { kind: "object", ref: { kind: "Pod", name: "p" } } as never, ctx());
    expect(obs.kind === "object" && obs.fields["node-name"]).toBe("worker-1");
    const ip = await t.resolve(
      { kind: "ref", fn: "node-ip", target: { kind: "Node", name: "worker-0" } } as never,
      ctx(),
    );
    expect(ip).toEqual(["172.18.0.3"]);
    const getNode = runner.calls.map((c) => c.argv.join(" ")).find((c) => c.includes("get node "));
    expect(getNode).toContain("get node netspec-7-worker ");
    await t.dispose(ctx());
  });
});
