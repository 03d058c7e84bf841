import { describe, expect, it } from "vitest";
import { manifestPins } from "./manifest-pins.js";

const at = (text: string, line = 1, column = 0) => manifestPins({ path: "s.netspec", text, line, column });
const brief = (text: string) =>
  at(text).map(
    (p) =>
      `${p.kind} ${p.value} ${p.field} (${p.object}) ${p.span.line}:${p.span.column}-${p.span.endColumn}`,
  );

describe("manifestPins", () => {
  it("finds a pod's nodeName in flow and block style, at the value", () => {
    expect(
      brief(
        "kind: Pod\nmetadata: { name: a }\nspec: { nodeName: worker-0, containers: [] }\n---\nkind: Pod\nmetadata:\n  name: b\n  namespace: x\nspec:\n  nodeName: kind-worker\n",
      ),
    ).toEqual([
      "node-name worker-0 spec.nodeName (Pod a) 3:19-27",
      "node-name kind-worker spec.nodeName (Pod x/b) 10:13-24",
    ]);
  });

  it("adds the block's line and stripped indentation for inline manifests", () => {
    const [p] = at("kind: Pod\nmetadata: { name: a }\nspec: { nodeName: worker-0 }\n", 10, 4);
    expect(p!.span).toMatchObject({ line: 12, column: 23, endColumn: 31 });
  });

  it("finds hostname selectors and required affinity in workload templates", () => {
    expect(
      brief(`kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      nodeSelector: { kubernetes.io/hostname: worker-1, disk: ssd }
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms:
              - matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-2] }]
                matchFields: [{ key: metadata.name, operator: NotIn, values: [worker-3] }]
`),
    ).toEqual([
      'node-name worker-1 spec.template.spec.nodeSelector["kubernetes.io/hostname"] (Deployment d) 6:47-55',
      "node-name worker-2 spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values[0] (Deployment d) 11:90-98",
    ]);
  });

  it("finds cluster IPs (clusterIPs[0] once) and node ports, not None or 0", () => {
    expect(
      brief(`kind: Service
metadata: { name: s }
spec: { clusterIP: 10.96.5.5, clusterIPs: [10.96.5.5, "fd00::5"], ports: [{ port: 80, nodePort: 30080 }, { port: 81, nodePort: 0 }] }
---
kind: Service
metadata: { name: h }
spec: { clusterIP: None }
`),
    ).toEqual([
      "cluster-ip 10.96.5.5 spec.clusterIP (Service s) 3:20-29",
      "cluster-ip fd00::5 spec.clusterIPs[1] (Service s) 3:55-64",
      "node-port 30080 spec.ports[0].nodePort (Service s) 3:97-102",
    ]);
  });

  it("finds pod addresses in EndpointSlices and Endpoints only where they name a Pod", () => {
    expect(
      brief(`kind: EndpointSlice
metadata: { name: e }
endpoints:
  - addresses: [10.244.1.50]
    targetRef: { kind: Pod, name: web-0 }
  - addresses: [192.0.2.1]
---
kind: Endpoints
metadata: { name: f }
subsets: [{ addresses: [{ ip: 10.244.2.9, targetRef: { kind: Pod, name: w } }, { ip: 192.0.2.2 }] }]
`),
    ).toEqual([
      "pod-ip 10.244.1.50 endpoints[0].addresses[0] (EndpointSlice e) 4:17-28",
      "pod-ip 10.244.2.9 subsets[0].addresses[0].ip (Endpoints f) 10:31-41",
    ]);
  });

  it("reads the items of a List and nothing from a text that does not parse", () => {
    expect(
      brief("kind: List\nitems:\n  - { kind: Pod, metadata: { name: a }, spec: { nodeName: n1 } }\n"),
    ).toEqual(["node-name n1 spec.nodeName (Pod a) 3:59-61"]);
    expect(at("kind: Pod\nspec: { nodeName: [\n")).toEqual([]);
  });
});
