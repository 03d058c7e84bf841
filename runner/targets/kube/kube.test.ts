import { afterAll, describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { kindConfig } from "./kind-config.js";
import { parseDig } from "./dig-output.js";
import { NamespaceMap } from "./namespaces.js";
import { scriptedRunner } from "./commands.js";
import { KubeTarget } from "./kube-target.js";
import { createTarget, UnknownTargetError } from "../index.js";
import type { TargetContext } from "../target.js";
import { observe } from "../observers.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";

// The run journal (run-journal.ts) of targets under test goes here, not into /tmp itself.
const scratch = mkdtempSync(joinPath(tmpdir(), "nsx-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ctx = (): TargetContext => ({
  seed: 7,
  workDir: scratch,
  signal: new AbortController().signal,
  log: () => {},
});

describe("kind config", () => {
  it("derives nodes, subnets, proxy mode, IP family and CNI from the cluster block", () => {
    expect(
      kindConfig({
        profile: "kind",
        nodes: 3,
        podCidrs: ["10.244.0.0/16"],
        serviceCidrs: ["10.96.0.0/16"],
        proxyMode: "ipvs",
        ipFamily: "dual",
        cni: "calico",
      }),
    ).toBe(
      [
        "kind: Cluster",
        "apiVersion: kind.x-k8s.io/v1alpha4",
        "networking:",
        "  ipFamily: dual",
        '  podSubnet: "10.244.0.0/16"',
        '  serviceSubnet: "10.96.0.0/16"',
        '  kubeProxyMode: "ipvs"',
        "  disableDefaultCNI: true",
        "nodes:",
        "  - role: control-plane",
        "  - role: worker",
        "  - role: worker",
        "",
      ].join("\n"),
    );
    expect(kindConfig({ profile: "kind" })).not.toContain("networking");
  });
});

describe("dig output", () => {
  it("parses the seed's real kind transcript into the reference observation shape", () => {
    const obs = parseDig(readFileSync(join(import.meta.dirname, "fixtures/dig-srv-kind.txt"), "utf8"));
    expect(obs.rcode).toBe("NOERROR");
    expect(obs.flags).toEqual(["qr", "aa", "rd"]);
    expect(obs.server).toBe("10.96.0.10");
    expect(obs.ednsUdpSize).toBe(1232);
    expect(obs.size).toBe(523);
    expect(obs.answer.map((r) => r.data)).toEqual([
      "0 33 1234 foo.bar.default.svc.cluster.local.",
      "0 33 1234 foo2.bar.default.svc.cluster.local.",
      "0 33 1234 dnsutils.bar.default.svc.cluster.local.",
    ]);
    expect(obs.additional.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`)).toContain(
      "foo.bar.default.svc.cluster.local. 30 A 10.244.1.2",
    );
  });

  it("recognises timeouts and ICMP refusals", () => {
    expect(parseDig(";; connection timed out; no servers could be reached\n").timeout).toBe(true);
    expect(parseDig(";; communications error to 10.96.0.10#53: connection refused\n").refused).toBe(true);
    // dig 9.18+ (found on the local target: acl's drop was read as an empty reply).
    const dig918 = ";; communications error to 10.96.0.10#53: timed out\n;; no servers could be reached\n";
    expect(parseDig(dig918)).toMatchObject({ timeout: true, rcode: "TIMEOUT" });
  });
});

describe("namespace remapping", () => {
  it("renames scenario namespaces in manifests, selectors, slices and names, and back", () => {
    const m = new NamespaceMap("run1");
    const out = m.manifests(`apiVersion: v1
kind: Namespace
metadata: { name: x, labels: { kubernetes.io/metadata.name: x } }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { type: ExternalName, externalName: db.x.svc.cluster.local }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: x }
spec:
  podSelector: {}
  # "y" quoted: kubectl reads manifests as YAML 1.1, where a bare y is the boolean true.
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: "y" } } }] }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: coredns, namespace: kube-system }
`);
    expect(out).toContain("name: run1-x\n");
    expect(out).not.toContain("kubernetes.io/metadata.name: x");
    expect(out).toContain("namespace: run1-default");
    expect(out).toContain("externalName: db.run1-x.svc.cluster.local");
    expect(out).toContain("kubernetes.io/metadata.name: run1-y");
    expect(out).toContain("namespace: kube-system");
    expect(m.forwardName("web.x.svc.cluster.local")).toBe("web.run1-x.svc.cluster.local");
    expect(m.forwardName("kube-dns.kube-system.svc.cluster.local")).toBe(
      "kube-dns.kube-system.svc.cluster.local",
    );
    expect(m.backName("db.run1-x.svc.cluster.local.")).toBe("db.x.svc.cluster.local.");
    // `svc.ns` through the search list: renamed only where ns is the scenario's, never an absolute name.
    expect(m.forwardName("s-y-a.y")).toBe("s-y-a.run1-y");
    expect(m.forwardName("example.com")).toBe("example.com");
    expect(m.forwardName("s-y-a.y.")).toBe("s-y-a.y.");
    expect(m.backName("s-y-a.run1-y")).toBe("s-y-a.y");
  });
});

describe("context safety", () => {
  it("refuses a non-kind context unless allowed by name", () => {
    expect(() => createTarget("cluster:prod-eu")).toThrow(UnknownTargetError);
    expect(() => createTarget("cluster:prod-eu")).toThrow(/--allow-context prod-eu/);
    expect(createTarget("cluster:prod-eu", { allowContext: "prod-eu" }).name).toBe("cluster:prod-eu");
    expect(createTarget("cluster:kind-dev").name).toBe("cluster:kind-dev");
  });
});

describe("the kube target over recorded commands", () => {
  // The seed's transcript as the run's cluster answers it: `bar` lives in the case's namespace `x`.
  const dig = readFileSync(join(import.meta.dirname, "fixtures/dig-srv-kind.txt"), "utf8").replace(
    /bar\.default\.svc/g,
    "bar.netspec-7-1-x.svc",
  );

  it("applies into per-case namespaces, probes with dig, maps names back, and cleans up newest first", async () => {
    const runner = scriptedRunner((argv) =>
      argv.includes("dig")
        ? { code: 0, stdout: dig, stderr: "" }
        : argv.includes("get") && argv.includes("clusters")
          ? { code: 0, stdout: "", stderr: "" }
          : undefined,
    );
    const t = new KubeTarget({ spec: "kind", runner });
    const setup = {
      file: "a.netspec",
      suite: "S",
      cluster: { profile: "kind" as const, nodes: 2 },
      upstream: [],
    };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    await t.apply(
      [
        {
          path: "a.yaml",
          text: "apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: x }\nspec: { containers: [{ name: c, image: i }] }\n",
          line: 1,
          column: 0,
        },
      ],
      ctx(),
    );
    const obs = await observe(
      t,
      { kind: "dns", qtype: "SRV", qname: "_kilgore._tcp.bar.x.svc.cluster.local" },
      ctx(),
    );
    expect(obs.kind === "dns" && obs.answer[0]!.data).toBe("0 33 1234 foo.bar.x.svc.cluster.local.");
    await t.dispose(ctx());
    const cmds = runner.calls.map((c) => c.argv.join(" "));
    expect(cmds[0]).toBe("kind get clusters");
    expect(cmds[1]).toMatch(/^kind create cluster --name netspec-7/);
    expect(
      cmds.some((c) =>
        c.includes(
          "dig +time=2 +tries=1 +ignore +noedns _kilgore._tcp.bar.netspec-7-1-x.svc.cluster.local SRV",
        ),
      ),
    ).toBe(true);
    const deletes = cmds.filter((c) => c.includes("delete namespace"));
    expect(deletes).toEqual([
      "kubectl --context kind-netspec-7 delete namespace netspec-7-1-x --wait=false --ignore-not-found",
    ]);
    expect(cmds.at(-1)).toBe("kind delete cluster --name netspec-7");
  });

  it("a failing kubectl says the command, its exit status and its output", async () => {
    const runner = scriptedRunner((argv) =>
      argv.includes("apply") ? { code: 1, stdout: "", stderr: 'error: namespaces "x" not found' } : undefined,
    );
    const t = new KubeTarget({ spec: "cluster:kind-dev", runner });
    const setup = { file: "a.netspec", suite: "S", cluster: { profile: "kind" as const }, upstream: [] };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    await expect(
      t.apply(
        [
          {
            path: "a.yaml",
            text: "apiVersion: v1\nkind: Service\nmetadata: { name: s }\n",
            line: 1,
            column: 0,
          },
        ],
        ctx(),
      ),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/`kubectl --context kind-dev apply -f -` exited with 1/),
      detail: expect.stringContaining('namespaces "x" not found'),
    });
  });
});

describe("the kube target's reads and its cleanup on interruption", () => {
  it("turns kubectl's EndpointSlice JSON into the endpoints observation", async () => {
    const slices = JSON.stringify({
      items: [
        {
          endpoints: [
            { addresses: ["10.244.1.2"], conditions: { ready: true } },
            { addresses: ["10.244.2.3"], conditions: { ready: false, serving: true, terminating: true } },
          ],
          ports: [{ name: "http", port: 8080, protocol: "TCP" }],
        },
      ],
    });
    const runner = scriptedRunner((argv) =>
      argv.includes("endpointslices") ? { code: 0, stdout: slices, stderr: "" } : undefined,
    );
    const t = new KubeTarget({ spec: "cluster:kind-dev", runner });
    const setup = { file: "a", suite: "s", cluster: { profile: "kind" as const }, upstream: [] };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    const obs = await observe(
      t,
      { kind: "endpoints", service: { kind: "service", namespace: "x", name: "web" } },
      ctx(),
    );
    expect(obs).toEqual({
      kind: "endpoints",
      endpoints: [
        { addresses: ["10.244.1.2"], ready: true, serving: true, terminating: false },
        { addresses: ["10.244.2.3"], ready: false, serving: true, terminating: true },
      ],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    });
    expect(runner.calls.at(-1)!.argv.join(" ")).toContain(
      "-n netspec-7-1-x -l kubernetes.io/service-name=web",
    );
  });

  it("Ctrl-C mid-run: the runner disposes the target, which deletes what the case created", async () => {
    const { runPlan } = await import("../../run-plan.js");
    const { caseOf, planOf } = await import("../../../test/helpers/plans.js");
    const abort = new AbortController();
    const runner = scriptedRunner((argv) => {
      if (argv.includes("get") && argv.includes("pods")) abort.abort(); // interrupted while waiting for pods
      return undefined;
    });
    const t = new KubeTarget({ spec: "cluster:kind-dev", runner });
    const plan = planOf({
      "a.netspec": [
        caseOf("a.netspec", "S", "one", [
          {
            type: "apply",
            span: {
              file: "a.netspec",
              line: 1,
              column: 1,
              offset: 0,
              endLine: 1,
              endColumn: 2,
              endOffset: 1,
            },
            source: {
              kind: "inline",
              manifest: {
                path: "a.netspec",
                text: "apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: x }\n",
                line: 1,
                column: 0,
              },
            },
          },
        ]),
        caseOf("a.netspec", "S", "two", []),
      ],
    });
    const result = await runPlan(plan, {
      targets: [t],
      seed: 7,
      signal: abort.signal,
      now: () => 0,
    });
    expect(result.aborted).toBe(true);
    const cmds = runner.calls.map((c) => c.argv.join(" "));
    expect(cmds.at(-1)).toBe(
      "kubectl --context kind-dev delete namespace netspec-7-1-x --wait=false --ignore-not-found",
    );
    expect(cmds.some((c) => c.includes("netspec-7-2"))).toBe(false);
  });
});

describe("seed manifests on a kind cluster the run names", () => {
  it("pods pinned to the `kind` cluster's nodes land on the run's nodes; resolver walks use the run's namespaces", async () => {
    const runner = scriptedRunner(() => undefined);
    const t = new KubeTarget({ spec: "kind", runner });
    const cluster = { profile: "kind" as const, nodes: 3 };
    const setup = { file: "a.netspec", suite: "S", cluster, upstream: [] };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    await t.apply(
      [
        {
          path: "a.yaml",
          text: "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { nodeName: kind-worker2, containers: [{ name: c, image: i }] }\n",
          line: 1,
          column: 0,
        },
      ],
      ctx(),
    );
    const applied = runner.calls.find((c) => c.argv.includes("apply") && c.input?.includes("kind: Pod"));
    expect(applied?.input).toContain("nodeName: netspec-7-worker2");
    await observe(
      t,
      {
        kind: "resolve",
        name: "10-244-4-2.default.pod",
        qtype: "A",
        from: { kind: "pod", ref: { kind: "Pod", name: "p" } },
      } as never,
      ctx(),
    ).catch(() => undefined);
    const walk = runner.calls.find((c) => c.argv.includes("+showsearch"));
    expect(walk?.argv).toContain("10-244-4-2.default.pod");
    // The pod the case put into `default` is gone from the API before the next case.
    await t.reset(setup, ctx());
    const del = runner.calls.map((c) => c.argv.join(" ")).find((c) => c.includes("delete pod p"));
    expect(del).toBe(
      "kubectl --context kind-netspec-7 delete pod p -n default --grace-period=0 --force --ignore-not-found --wait=false",
    );
  });
});
