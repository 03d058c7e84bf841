import { describe, expect, it } from "vitest";
import { createEngine } from "../create-engine.js";
import { EngineError } from "../engine.js";
import type { NetworkOperator } from "./network-operator.js";

const net = (cidr: string, hostPrefix: number, service = "172.30.0.0/16") =>
  `apiVersion: config.openshift.io/v1\nkind: Network\nmetadata: {name: cluster}\nspec:\n  clusterNetwork: [{cidr: ${cidr}, hostPrefix: ${hostPrefix}}]\n  networkType: OVNKubernetes\n  serviceNetwork: [${service}]\n`;
const src = (text: string) => ({ path: "net.yaml", text, line: 1, column: 1 });

function engineWith(network: string) {
  const engine = createEngine({ profile: "openshift", network: src(network) }, { seed: 1 });
  return { engine, cno: (engine as unknown as { network: NetworkOperator }).network };
}

describe("the Cluster Network Operator on an openshift cluster", () => {
  it("cuts one /hostPrefix per node from the install's clusterNetwork, in order", () => {
    const { engine } = engineWith(net("10.128.0.0/22", 23));
    const cidrs = ["master-0", "master-1", "master-2"].map(
      (n) => engine.get({ kind: "Node", name: n })?.spec as { podCIDRs?: string[] } | undefined,
    );
    expect(cidrs.map((c) => c?.podCIDRs ?? [])).toEqual([["10.128.0.0/23"], ["10.128.2.0/23"], []]);
  });

  it("reports Degraded with CNO's words for a change it refuses, and rolls out a widening", () => {
    const { engine, cno } = engineWith(net("10.128.0.0/22", 23));
    engine.apply([src(net("10.128.0.0/22", 24))]);
    expect(cno.degraded).toBe(
      "invalid configuration: [modifying a clusterNetwork's hostPrefix value is unsupported]",
    );
    engine.apply([src(net("10.128.0.0/22", 23, "172.31.0.0/16"))]);
    expect(cno.degraded).toBe("invalid configuration: [unsupported change to ServiceNetwork]");
    engine.apply([src(net("10.128.0.0/21", 23))]);
    expect(cno.degraded).toBeUndefined();
    const spec = engine.get({ kind: "Node", name: "master-2" })?.spec as { podCIDRs?: string[] };
    expect(spec.podCIDRs).toEqual(["10.128.4.0/23"]);
  });

  it("refuses an install CNO would not roll out, pointing at the field", () => {
    let error: unknown;
    try {
      engineWith(net("10.128.0.0/14", 23, "10.129.0.0/16"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toBe(
      "the Cluster Network Operator refuses this Network: invalid configuration: [whole or subset of ClusterNetwork CIDR 10.128.0.0/14 is already in use: CIDRs 10.129.0.0/16 and 10.128.0.0/14 overlap]",
    );
    expect((error as EngineError).location).toEqual({ path: "net.yaml", line: 5, column: 3 });
  });

  it("stores the install's Network config as the cluster's `cluster` Network", () => {
    const { engine } = engineWith(net("10.128.0.0/14", 23));
    expect(engine.get({ kind: "Network", name: "cluster" })?.spec).toMatchObject({
      networkType: "OVNKubernetes",
    });
  });
});
