import { describe, expect, it } from "vitest";
import { rejectsWithoutEndpoints } from "./proxy-rules.js";

const q = { client: { namespace: "shop", name: "client" }, ip: "10.109.78.142", port: 80, protocol: "TCP" };

describe("a kube-proxy REJECT for a Service without endpoints, read from the node's rules", () => {
  it("nftables: an element of no-endpoint-services jumping to reject-chain", () => {
    const rules = `table ip kube-proxy {
	map no-endpoint-services {
		type ipv4_addr . inet_proto . inet_service : verdict
		comment "vmap to drop or reject packets to services with no endpoints"
		elements = { 10.109.78.142 . tcp . 80 comment "shop/empty:http" : goto reject-chain }
	}
}`;
    expect(rejectsWithoutEndpoints(rules, "nftables", q)).toBe(true);
    expect(rejectsWithoutEndpoints(rules, "nftables", { ...q, port: 8080 })).toBe(false);
    expect(rejectsWithoutEndpoints(rules, "nftables", { ...q, ip: "10.109.78.14" })).toBe(false);
  });

  it("iptables: a REJECT in KUBE-SERVICES commented 'has no endpoints'", () => {
    const rules = `-A KUBE-SERVICES -d 10.109.78.142/32 -p tcp -m comment --comment "shop/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`;
    expect(rejectsWithoutEndpoints(rules, "iptables", q)).toBe(true);
    expect(rejectsWithoutEndpoints(rules, "iptables", { ...q, protocol: "UDP" })).toBe(false);
  });
});
