import { describe, expect, it } from "vitest";
import { denialOf, rejectCounters, rejectedBy } from "./policy-view.js";

// iptables-save -c -t filter in a node's namespace with kube-router v2.1.0's chains for two pods
// (the comments as kube-router writes them, "namespace: <ns>" with its space).
const saved = (a: number, b: number) => `*filter
:KUBE-POD-FW-4XZ7QJ5VPE2LWKNA - [0:0]
:KUBE-POD-FW-QC2M5N3EVMCPJZRB - [0:0]
[12:720] -A KUBE-ROUTER-FORWARD -m comment --comment "rule to jump traffic destined to POD name:a namespace: x to chain KUBE-POD-FW-4XZ7QJ5VPE2LWKNA" -d 10.244.1.5 -j KUBE-POD-FW-4XZ7QJ5VPE2LWKNA
[0:0] -A KUBE-POD-FW-4XZ7QJ5VPE2LWKNA -m comment --comment "rule to log dropped traffic POD name:a namespace: x" -m mark ! --mark 0x10000/0x10000 -m limit --limit 10/min --limit-burst 10 -j NFLOG --nflog-group 100
[${a}:${a * 60}] -A KUBE-POD-FW-4XZ7QJ5VPE2LWKNA -m comment --comment "rule to REJECT traffic destined for POD name:a namespace: x" -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable
[${b}:${b * 60}] -A KUBE-POD-FW-QC2M5N3EVMCPJZRB -m comment --comment "rule to REJECT traffic destined for POD name:b namespace: y" -m mark ! --mark 0x10000/0x10000 -j REJECT --reject-with icmp-port-unreachable
COMMIT
`;

describe("kube-router's REJECT counters", () => {
  it("reads each pod's REJECT packets, summed over the nodes' outputs", () => {
    const c = rejectCounters(saved(3, 0));
    rejectCounters(saved(1, 2), c);
    expect([...c]).toEqual([
      ["x/a", 4],
      ["y/b", 2],
    ]);
  });

  it("names the pods whose chain rejected something since the snapshot", () => {
    expect(rejectedBy(rejectCounters(saved(3, 0)), rejectCounters(saved(3, 1)))).toEqual(["y/b"]);
    expect(rejectedBy(rejectCounters(saved(3, 0)), rejectCounters(saved(3, 0)))).toEqual([]);
  });

  it("the destination's chain is its ingress, the client's own chain its egress", () => {
    expect(denialOf("x/a", ["y/b"])).toEqual({
      by: "ingress",
      detail:
        "kube-router REJECTed it in the ingress chain of y/b (no NetworkPolicy selecting it admits the connection)",
    });
    expect(denialOf("x/a", ["x/a"])?.by).toBe("egress");
    expect(denialOf("x/a", [])).toBeUndefined();
  });
});
