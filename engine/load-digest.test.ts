/**
 * A whole-load digest: every object the engine keeps after loading a varied set of manifests (the
 * API server's admitted JSON, the slim model with its resourceVersions, the manifest form `get`
 * prints) and every refusal's text, hashed. The load path's rewrites for speed (issue 23) must keep
 * all of it byte for byte; the expected hash was taken at commit ad50988, before them. A change that
 * means to alter what is stored updates the hash in its own commit, saying why.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createEngine } from "./create-engine.js";
import type { Engine } from "./engine.js";
import type { KubeObject } from "./cluster/model.js";

/** Pods, services and namespaces in the shapes the benchmark loads, with more variety per pod. */
function syntheticManifests(services: number, podsPerService: number, namespaces: number): string {
  const docs: string[] = [];
  for (let n = 0; n < namespaces; n++)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ns${n} }`);
  let pod = 0;
  for (let s = 0; s < services; s++) {
    const ns = `ns${s % namespaces}`;
    const spec =
      s % 5 === 0
        ? "clusterIP: None\n  "
        : s % 7 === 0
          ? "type: NodePort\n  "
          : s % 11 === 0
            ? "type: LoadBalancer\n  externalTrafficPolicy: Local\n  "
            : "";
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: { name: svc${s}, namespace: ${ns}, labels: { tier: t${s % 3} } }\nspec:\n  ${spec}selector: { app: app${s} }\n  ports: [{ name: http, port: 80, targetPort: 8080 }, { name: dns, port: 53, protocol: UDP }]`,
    );
    for (let i = 0; i < podsPerService; i++, pod++) {
      const variant = pod % 6;
      if (variant === 0)
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${pod}, namespace: ${ns}, labels: { app: app${s} } }\nspec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }`,
        );
      else if (variant === 1)
        docs.push(
          [
            "apiVersion: v1",
            "kind: Pod",
            "metadata:",
            `  name: p${pod}`,
            `  namespace: ${ns}`,
            `  labels: { app: app${s}, idx: "${pod}" }`,
            `  annotations: { note: "pod ${pod}", "0": zero, "10": ten, "2": two }`,
            "spec:",
            `  hostname: h${pod}`,
            `  subdomain: svc${s}`,
            "  dnsPolicy: ClusterFirst",
            "  dnsConfig: { options: [{ name: ndots, value: '2' }], searches: [a.example] }",
            "  initContainers: [{ name: init, image: busybox, command: [sh, -c, 'true'] }]",
            "  containers:",
            "  - name: web",
            "    image: nginx:1.27",
            "    env: [{ name: A, value: '1' }, { name: B, valueFrom: { fieldRef: { fieldPath: status.podIP } } }]",
            "    resources: { requests: { cpu: 100m, memory: 64Mi }, limits: { memory: 128Mi } }",
            "    ports: [{ name: http, containerPort: 8080 }, { containerPort: 53, protocol: UDP }]",
            "    readinessProbe: { httpGet: { port: http, path: /ready }, periodSeconds: 5 }",
            "    volumeMounts: [{ name: data, mountPath: /data }]",
            "  - name: side",
            "    image: busybox",
            "    args: [sleep, '3600']",
            "  volumes: [{ name: data, emptyDir: {} }]",
          ].join("\n"),
        );
      else if (variant === 2)
        docs.push(
          JSON.stringify({
            apiVersion: "v1",
            kind: "Pod",
            metadata: { name: `p${pod}`, namespace: ns, labels: { app: `app${s}` } },
            spec: {
              nodeName: `node-${(pod % 3) + 1}`,
              containers: [{ name: "c", image: "x", ports: [{ containerPort: 8080, name: "http" }] }],
              tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
            },
          }),
        );
      else if (variant === 3)
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${pod}, namespace: ${ns}, labels: { app: app${s} } }\nspec: { hostNetwork: true, containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }`,
        );
      else if (variant === 4)
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: { name: p${pod}, namespace: ${ns}, labels: { app: app${s} } }\nspec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }\nstatus: { phase: Running, podIP: 10.99.${pod >> 8}.${pod & 255}, conditions: [{ type: Ready, status: "False" }] }`,
        );
      else
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${pod}\n  namespace: ${ns}\n  labels:\n    app: app${s}\nspec:\n  restartPolicy: OnFailure\n  terminationGracePeriodSeconds: 5\n  securityContext: { runAsUser: 1000 }\n  containers:\n  - name: c\n    image: "x:1"\n    ports:\n    - name: http\n      containerPort: 8080\n      hostPort: ${30000 + pod}\n`,
        );
    }
  }
  docs.push(
    `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: idx, namespace: ns0 }\ndata: { "1": a, "0": b, "10": c, "x": d, "01": e }`,
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: ns1 }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: web, image: nginx, ports: [{ containerPort: 80 }] }] }`,
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: ns2 }\nspec: { podSelector: { matchLabels: { app: app2 } }, policyTypes: [Ingress] }`,
  );
  return docs.join("\n---\n");
}

/** Re-applies: the update path (apply merge, validateUpdate, kept bindings and addresses). */
const UPDATES = [
  `apiVersion: v1\nkind: Pod\nmetadata: { name: p0, namespace: ns0, labels: { app: app0, extra: "yes" } }\nspec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }`,
  `apiVersion: v1\nkind: Service\nmetadata: { name: svc1, namespace: ns1 }\nspec:\n  selector: { app: app1 }\n  ports: [{ name: http, port: 81, targetPort: 8080 }]`,
].join("\n---\n");

/** Documents the API server refuses, each alone: their messages must not change either. */
const REFUSED = [
  `apiVersion: v1\nkind: Pod\nmetadata: { name: Bad_Name, namespace: ns0 }\nspec: { containers: [{ name: c, image: x }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r1, namespace: ns0 }\nspec: { containers: [{ name: c, image: x, ports: [{ containerPort: 0 }, { name: toolongportname1, containerPort: 80 }] }, { name: c }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r2, namespace: ns0 }\nspec: { containers: [] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r3, namespace: ns0 }\nspec: { containers: [{ name: c, image: x, resources: { requests: { cpu: 2 }, limits: { cpu: 1 } } }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r4, namespace: ns0 }\nspec: { containers: [{ name: c, image: x, unknownField: 1 }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r5, namespace: missing }\nspec: { containers: [{ name: c, image: x }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r6, namespace: ns0, labels: { "bad key!": v } }\nspec: { restartPolicy: Sometimes, dnsPolicy: None, containers: [{ name: c, image: x, env: [{ name: "1x" }] }] }`,
  `apiVersion: v1\nkind: Service\nmetadata: { name: r7, namespace: ns0 }\nspec: { ports: [{ port: 80 }, { port: 80 }] }`,
  `apiVersion: v1\nkind: Pod\nmetadata: { name: r8, namespace: ns0 }\nspec: { containers: [{ name: c, image: x, ports: [{ containerPort: 80, protocol: SCTP }, { containerPort: 80, hostPort: 70000 }] }], volumes: [{ name: v }, { name: v, emptyDir: {} }] }`,
];

function runtimeOf(engine: Engine): {
  store: { all: Map<string, KubeObject> };
  api: { objects: Map<string, unknown> };
} {
  // The digest reads the engine's own collections (private to the facade, on purpose: no API for it).
  return (engine as unknown as { runtime: ReturnType<typeof runtimeOf> }).runtime;
}

function digestOf(): { hash: string; counts: Record<string, number>; refusals: string[] } {
  const engine = createEngine(
    { profile: "kubeadm", nodes: 5, podCidrs: ["10.0.0.0/8"], hostPrefix: 24 },
    { seed: 7 },
  );
  const fixtures = ["config.yaml", "services.yaml", "workloads.yaml"].map((f, i) => ({
    path: `dry-run/${f}`,
    text: readFileSync(new URL(`../suites/k8s-api/fixtures/dry-run/${f}`, import.meta.url), "utf8"),
    line: 1,
    column: i,
  }));
  engine.apply([{ path: "synthetic.yaml", text: syntheticManifests(240, 9, 12), line: 1, column: 0 }]);
  engine.apply(fixtures);
  engine.apply([{ path: "updates.yaml", text: UPDATES, line: 1, column: 0 }]);
  const refusals = REFUSED.map((text, i) => {
    try {
      engine.apply([{ path: `refused-${i}.yaml`, text, line: 1, column: 0 }]);
      return "admitted";
    } catch (e) {
      const x = e as Error & { code?: string };
      return `${x.code}: ${x.message}`;
    }
  });
  const rt = runtimeOf(engine);
  const h = createHash("sha256");
  const counts: Record<string, number> = {};
  for (const [k, o] of rt.api.objects) h.update(`api ${k} ${JSON.stringify(o)}\n`);
  for (const [k, o] of rt.store.all) {
    counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    const { admitted: _admitted, ...meta } = o.metadata as KubeObject["metadata"] & { admitted?: unknown };
    h.update(`model ${k} ${JSON.stringify({ ...o, metadata: meta })}\n`);
    const key = { kind: o.kind, namespace: o.metadata.namespace || undefined, name: o.metadata.name };
    // Kinds kubectl names differently from the model ("Stored" objects) are in the api digest already.
    if (o.kind !== "Stored") h.update(`get ${JSON.stringify(engine.get(key))}\n`);
  }
  for (const r of refusals) h.update(`refused ${r}\n`);
  return { hash: h.digest("hex"), counts, refusals };
}

describe("whole-load digest", () => {
  it("stores the same objects, versions and refusals as before the load-path rewrites", () => {
    const { hash, counts, refusals } = digestOf();
    expect(refusals.filter((r) => r === "admitted")).toEqual([]);
    expect(counts.Pod).toBeGreaterThan(2_000);
    expect(counts.EndpointSlice).toBeGreaterThan(200);
    expect(hash).toBe("835b23e1b9619f1ce5d0390dd983de070e1ae88807bfeb39263aea24ae3fbe5f");
  }, 60_000);
});
