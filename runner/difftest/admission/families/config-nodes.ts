/**
 * ConfigMaps (data keys, binaryData, immutable: ValidateConfigMap) and Nodes (podCIDRs, taints,
 * unschedulable, providerID: ValidateNode, validateNodeTaints). Node names are cluster-wide: each
 * case names its own.
 */
import type { Family } from "../case.js";
import { compact, doc, maybe, meta } from "./build.js";

const KEYS = ["Corefile", "a.b", "a_b-c", "bad key", "../x", ".", "..", "x".repeat(254), "a/b"];

export const configMaps: Family = {
  name: "configmaps",
  weight: 3,
  make(r, c) {
    const data = Object.fromEntries(
      Array.from({ length: r.int(0, 2) }, () => [r.pick(KEYS), r.pick(["v", "", "multi\nline"])]),
    );
    const binaryData = maybe(r, 0.2, [{ bin: "aGVsbG8=" }, { Corefile: "aGVsbG8=" }, { b: "not base64!" }]);
    const body = compact({
      data: Object.keys(data).length || r.chance(0.5) ? data : undefined,
      binaryData,
      immutable: maybe(r, 0.1, [true, false]),
    });
    return {
      title: `ConfigMap ${JSON.stringify(body)}`,
      probe: doc({ apiVersion: "v1", kind: "ConfigMap", metadata: meta("cm", c.ns), ...body }),
    };
  },
};

export const nodes: Family = {
  name: "nodes",
  weight: 3,
  make(r, c) {
    const spec = compact({
      podCIDR: maybe(r, 0.3, ["10.244.1.0/24", "10.244.1.0", "bad"]),
      podCIDRs: maybe(r, 0.3, [
        ["10.244.2.0/24"],
        ["10.244.2.0/24", "fd00:10:244::/64"],
        ["10.244.2.0/24", "10.244.3.0/24"],
        ["x"],
      ]),
      unschedulable: maybe(r, 0.2, [true, false]),
      taints: maybe(r, 0.3, [
        [{ key: "dedicated", value: "x", effect: "NoSchedule" }],
        [{ key: "dedicated", effect: "Sometimes" }],
        [{ key: "", effect: "NoSchedule" }],
        [
          { key: "a", effect: "NoSchedule" },
          { key: "a", effect: "NoSchedule" },
        ],
      ]),
      providerID: maybe(r, 0.1, ["kind://docker/kind/n"]),
    });
    return {
      title: `Node spec ${JSON.stringify(spec)}`,
      probe: doc({
        apiVersion: "v1",
        kind: "Node",
        metadata: meta(c.unique("node"), undefined, { labels: { "kubernetes.io/hostname": "h" } }),
        spec,
      }),
    };
  },
};
