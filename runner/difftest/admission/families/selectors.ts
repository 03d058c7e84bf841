/**
 * NetworkPolicy peers and policy types (pkg/apis/networking/validation ValidateNetworkPolicySpec,
 * ValidateNetworkPolicyPeer, ValidateIPBlock) and label selectors wherever they appear
 * (apimachinery/pkg/apis/meta/v1/validation ValidateLabelSelector): operators, values, keys.
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, doc, maybe, meta } from "./build.js";

export function labelSelector(r: Rng): object {
  const expr = () =>
    compact({
      key: r.pick(["app", "tier", "bad key", "example.com/x", ""]),
      operator: r.pick(["In", "NotIn", "Exists", "DoesNotExist", "in", "Equals", ""]),
      values: maybe(r, 0.6, [["a"], [], ["a", "b"], ["bad value!"]]),
    });
  return compact({
    matchLabels: maybe(r, 0.6, [{ app: "a" }, {}, { "bad key!": "x" }, { app: "bad value!" }]),
    matchExpressions: r.chance(0.4) ? Array.from({ length: r.int(1, 2) }, expr) : undefined,
  });
}

function peer(r: Rng): object {
  const ipBlock = () =>
    compact({
      cidr: r.pick(["10.0.0.0/8", "10.0.0.1/8", "fd00::/64", "10.0.0.0", "", "300.0.0.0/8"]),
      except: maybe(r, 0.4, [["10.1.0.0/16"], ["10.0.0.0/8"], ["11.0.0.0/16"], ["fd00::/96"], ["bad"]]),
    });
  return compact({
    podSelector: r.chance(0.4) ? labelSelector(r) : undefined,
    namespaceSelector: r.chance(0.3) ? labelSelector(r) : undefined,
    ipBlock: r.chance(0.3) ? ipBlock() : undefined,
  });
}

export const netpolPeers: Family = {
  name: "netpol-peers",
  weight: 6,
  make(r, c) {
    const rules = (key: "from" | "to") =>
      Array.from({ length: r.int(0, 2) }, () =>
        compact({
          [key]: maybe(r, 0.8, [[peer(r)], [peer(r), peer(r)], []]),
          ports: maybe(r, 0.2, [[{ port: 80 }], [{ protocol: "UDP" }]]),
        }),
      );
    const spec = compact({
      podSelector: r.chance(0.9) ? labelSelector(r) : undefined,
      ingress: maybe(r, 0.7, [rules("from"), [], [{}]]),
      egress: maybe(r, 0.4, [rules("to"), [], [{}]]),
      policyTypes: maybe(r, 0.4, [
        ["Ingress"],
        ["Egress"],
        ["Ingress", "Egress"],
        ["ingress"],
        [],
        ["Ingress", "Egress", "Ingress"],
      ]),
    });
    return {
      title: `NetworkPolicy spec ${JSON.stringify(spec)}`,
      probe: doc({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: meta("np", c.ns),
        spec,
      }),
    };
  },
};
