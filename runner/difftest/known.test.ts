import { describe, expect, it } from "vitest";
import type { DnsObs } from "../observation.js";
import { explain } from "./known.js";

const soa = (ttl: number) => ({
  name: ".",
  ttl,
  class: "IN",
  type: "SOA",
  data: "a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400",
});
const nx = (flags: string[], ttl: number): DnsObs => ({
  kind: "dns",
  server: "10.96.0.10:53",
  transport: "udp",
  timeout: false,
  rcode: "NXDOMAIN",
  flags,
  question: [{ name: "nowhere.example.net.", type: "A", class: "IN" }],
  answer: [],
  authority: [soa(ttl)],
  additional: [],
  elapsedMs: 0,
  reasons: [],
});
const q = { name: "nowhere.example.net", type: "A" };

describe("known divergences of the differential tester", () => {
  it("one side answered from a replica's cache (AA, TTL counted down): cache-timing", () => {
    expect(explain(q, nx(["qr", "rd", "ra"], 30), nx(["qr", "aa", "rd", "ra"], 6), "cluster.local")?.id).toBe(
      "cache-timing",
    );
  });

  it("other records, or another rcode, are not explained by it", () => {
    const other = { ...nx(["qr", "aa", "rd", "ra"], 6), rcode: "NOERROR" };
    expect(explain(q, nx(["qr", "rd", "ra"], 30), other, "cluster.local")).toBeUndefined();
    // Cluster answers are not cached by kubeadm's Corefile: a TTL difference there is a difference.
    const inCluster = { ...q, name: "x.default.svc.cluster.local" };
    const soaIn = (ttl: number) => ({
      ...nx(["qr", "aa", "rd"], ttl),
      authority: [{ ...soa(ttl), name: "cluster.local." }],
    });
    expect(explain(inCluster, soaIn(30), soaIn(5), "cluster.local")).toBeUndefined();
  });
});
