import { describe, expect, it } from "vitest";
import {
  endpointCandidates,
  rulesRejectUnservedPort,
  rejectsWithoutEndpoints,
  replyDestination,
} from "./datapath-view.js";

const client = { namespace: "shop", name: "client" };
const q = { client, ip: "10.109.78.142", port: 80, protocol: "TCP" };

describe("kube-proxy's rules on the client's node", () => {
  it("nftables: a REJECT is an element of no-endpoint-services jumping to reject-chain", () => {
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

  it("nftables: a port a cluster IP does not serve is rejected by cluster-ips-check", () => {
    const rules = `table ip kube-proxy {
	set cluster-ips {
		type ipv4_addr
		comment "Active ClusterIPs"
		elements = { 10.96.0.1, 10.96.0.10,
			     10.109.78.142 }
	}

	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.109.78.142 . tcp . 80 : goto service-ULMVA6XW-shop/web/tcp/http }
	}

	chain cluster-ips-check {
		ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
		ip daddr { 10.96.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
	}
}`;
    expect(rulesRejectUnservedPort(rules, { ...q, port: 81 })).toBe(true);
    expect(rulesRejectUnservedPort(rules, { ...q, port: 80, protocol: "UDP" })).toBe(true);
    // Served: translated before the check sees it.
    expect(rulesRejectUnservedPort(rules, q)).toBe(false);
    // Not a cluster IP (10.109.78.14 is a prefix of a member, not a member).
    expect(rulesRejectUnservedPort(rules, { ...q, ip: "10.109.78.14" })).toBe(false);
    // No reject rule: nothing rejects it.
    expect(rulesRejectUnservedPort(rules.replace(/.*reject comment.*\n/, ""), { ...q, port: 81 })).toBe(
      false,
    );
  });

  it("iptables: a REJECT in KUBE-SERVICES commented 'has no endpoints'", () => {
    const rules = `-A KUBE-SERVICES -d 10.109.78.142/32 -p tcp -m comment --comment "shop/empty:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable`;
    expect(rejectsWithoutEndpoints(rules, "iptables", q)).toBe(true);
    expect(rejectsWithoutEndpoints(rules, "iptables", { ...q, protocol: "UDP" })).toBe(false);
  });

  it("iptables: candidates are the endpoints of the service's KUBE-SVC chain", () => {
    const rules = [
      `-A KUBE-SERVICES -d 10.109.78.142/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-ABC`,
      `-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX`,
      `-A KUBE-SVC-ABC ! -s 10.244.0.0/16 -d 10.109.78.142/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ`,
      `-A KUBE-SVC-ABC -m comment --comment "shop/web:http -> 10.244.1.5:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-ONE`,
      `-A KUBE-SVC-ABC -m comment --comment "shop/web:http -> 10.244.2.6:8080" -j KUBE-SEP-TWO`,
      `-A KUBE-SVC-NPX -m comment --comment "default/kubernetes:https -> 172.18.0.2:6443" -j KUBE-SEP-K`,
    ].join("\n");
    expect(endpointCandidates(rules, "iptables", q)).toEqual(["10.244.1.5", "10.244.2.6"]);
    expect(endpointCandidates(rules, "iptables", { ...q, port: 81 })).toEqual([]);
  });

  it("nftables: candidates are the endpoint chains of the service chain's numgen vmap", () => {
    const rules = `table ip kube-proxy {
	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.109.78.142 . tcp . 80 : goto service-ULMVA6XW-shop/web/tcp/http,
			     10.96.0.1 . tcp . 443 : goto service-2QRHZV4L-default/kubernetes/tcp/https }
	}

	chain service-ULMVA6XW-shop/web/tcp/http {
		ip daddr 10.109.78.142 tcp dport 80 ip saddr != 10.244.0.0/16 jump mark-for-masquerade
		numgen random mod 2 vmap { 0 : goto endpoint-5OJB2KTY-shop/web/tcp/http__10.244.1.5/8080, 1 : goto endpoint-Q2RXD6VF-shop/web/tcp/http__10.244.2.6/8080 }
	}

	chain service-2QRHZV4L-default/kubernetes/tcp/https {
		numgen random mod 1 vmap { 0 : goto endpoint-XYZ-default/kubernetes/tcp/https__172.18.0.2/6443 }
	}
}`;
    expect(endpointCandidates(rules, "nftables", q)).toEqual(["10.244.1.5", "10.244.2.6"]);
  });

  it("conntrack: the reply tuple's destination is what the destination saw", () => {
    const out = `tcp      6 117 TIME_WAIT src=10.244.2.14 dst=10.109.78.142 sport=41234 dport=80 src=10.244.1.5 dst=10.244.2.14 sport=8080 dport=41234 [ASSURED] mark=0 use=1
tcp      6 119 TIME_WAIT src=10.244.2.14 dst=10.109.78.142 sport=41240 dport=80 src=10.244.2.6 dst=172.18.0.3 sport=8080 dport=7431 [ASSURED] mark=0 use=1
conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.`;
    expect(replyDestination(out)).toBe("172.18.0.3");
    expect(
      replyDestination("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown."),
    ).toBeUndefined();
  });
});
