/**
 * The reply cache must be invisible: every packet gets the bytes a CoreDNS model answering it afresh
 * would send, whatever the case of the name, the EDNS record, the transport or the order of queries.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { createDnsService } from "./index.js";
import type { DnsService, QueryMeta } from "./service.js";
import { makeQuery } from "./present.js";
import { decodeMessage, encodeMessage } from "./wire/index.js";
import { ReplyCache, uncacheableReason } from "./reply-cache.js";
import { handlerTestCluster } from "./plugins/kubernetes/test-fixtures.js";
import type { FakeCluster } from "./plugins/kubernetes/test-cluster.js";
import { createClock, createRng } from "../support/index.js";

const KUBERNETES_ONLY = ".:53 {\n  kubernetes cluster.local in-addr.arpa {\n    pods insecure\n  }\n}\n";

function service(cluster: FakeCluster, corefile = KUBERNETES_ONLY): DnsService {
  return createDnsService({
    corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
    env: {
      cluster,
      clock: createClock(),
      rng: createRng(1),
      upstream: [],
      hostResolvConf: { nameservers: [], search: [], options: [] },
      selfAddresses: ["10.0.0.10"],
    },
  });
}

const udp: QueryMeta = { clientIp: "10.244.0.5", transport: "udp", port: 53 };
const ask = (name: string, type = "A", id = 7, more: Parameters<typeof makeQuery>[0] | object = {}) =>
  encodeMessage(makeQuery({ name, type, id, ...more }));
/** Replies compared as hex: the cache hands out Buffers, a fresh answer is a plain Uint8Array. */
const hex = (u: Uint8Array | undefined) => (u ? Buffer.from(u).toString("hex") : undefined);
const answerNames = (reply: Uint8Array | undefined) => {
  const m = decodeMessage(reply!);
  return { id: m.id, question: m.question[0]?.name, answer: m.answer.map((r) => r.name) };
};

const NAMES = [
  "svc1.testns.svc.cluster.local",
  "hdls1.testns.svc.cluster.local",
  "_http._tcp.svc1.testns.svc.cluster.local",
  "external.testns.svc.cluster.local",
  "svc1.testns.svc.cluster.local.testns.svc.cluster.local",
  "nothere.testns.svc.cluster.local",
  "10-0-0-1.testns.pod.cluster.local",
  "1.0.0.10.in-addr.arpa",
  "cluster.local",
  "example.org",
];

describe("reply cache", () => {
  it("answers a repeated question from the cache with the asker's id and spelling", () => {
    const dns = service(handlerTestCluster());
    const first = dns.handleWire(ask("svc1.testns.svc.cluster.local", "A", 1), udp);
    const second = dns.handleWire(ask("SVC1.TestNS.svc.CLUSTER.local", "A", 2), udp);
    expect(answerNames(first)).toEqual({
      id: 1,
      question: "svc1.testns.svc.cluster.local.",
      answer: ["svc1.testns.svc.cluster.local."],
    });
    // CoreDNS answers with the name as asked (miekg/dns copies the question; the kubernetes
    // plugin's records use state.Name()): the cached copy must show the second asker's spelling.
    expect(answerNames(second)).toEqual(
      answerNames(
        service(handlerTestCluster()).handleWire(ask("SVC1.TestNS.svc.CLUSTER.local", "A", 2), udp),
      ),
    );
    expect(dns.replyCacheStats()).toEqual({ hits: 1, misses: 1, bypassed: 0 });
  });

  it("keys on the EDNS record and the transport: a 512-byte UDP reply is truncated, TCP is not", () => {
    const cluster = handlerTestCluster();
    cluster.svc("testns", "big", { clusterIPs: ["None"] }).slice(
      "testns",
      "big",
      Array.from({ length: 40 }, (_, i) => ({ ip: `10.9.0.${i + 1}` })),
    );
    const dns = service(cluster);
    const plain = ask("big.testns.svc.cluster.local");
    const edns = ask("big.testns.svc.cluster.local", "A", 7, { bufsize: 4096 });
    const tcp: QueryMeta = { ...udp, transport: "tcp" };
    const replies = [dns.handleWire(plain, udp), dns.handleWire(edns, udp), dns.handleWire(plain, tcp)];
    const again = [dns.handleWire(plain, udp), dns.handleWire(edns, udp), dns.handleWire(plain, tcp)];
    const shape = (r: Uint8Array | undefined) => {
      const m = decodeMessage(r!);
      return { tc: m.flags.tc, answers: m.answer.length, edns: m.edns?.udpSize };
    };
    expect(replies.map(shape)).toEqual([
      { tc: true, answers: expect.any(Number), edns: undefined },
      { tc: false, answers: 40, edns: 4096 },
      { tc: false, answers: 40, edns: undefined },
    ]);
    expect(shape(replies[0]).answers).toBeLessThan(40);
    expect(again.map(hex)).toEqual(replies.map(hex));
    expect(dns.replyCacheStats().hits).toBe(3);
  });

  it("is dropped when the cluster revision moves", () => {
    const cluster = handlerTestCluster();
    const dns = service(cluster);
    const q = ask("late.testns.svc.cluster.local");
    expect(decodeMessage(dns.handleWire(q, udp)!).rcode).toBe("NXDOMAIN");
    cluster.svc("testns", "late", { clusterIPs: ["10.0.0.77"] });
    cluster.revision++;
    const after = decodeMessage(dns.handleWire(q, udp)!);
    expect(after.rcode).toBe("NOERROR");
    expect(after.answer.map((r) => r.data)).toEqual([{ type: "A", address: "10.0.0.77" }]);
  });

  it("is bypassed by chains whose answers depend on the client or on random draws", () => {
    expect(uncacheableReason([{ name: "kubernetes" }, { name: "errors" }])).toBeUndefined();
    for (const name of ["whoami", "loadbalance", "autopath", "template", "cache", "forward", "log", "loop"])
      expect(uncacheableReason([{ name: "kubernetes" }, { name }])).toMatch(name);
    const dns = service(handlerTestCluster(), ".:53 {\n  whoami\n}\n");
    const from = (clientIp: string) =>
      decodeMessage(dns.handleWire(ask("example.org"), { ...udp, clientIp })!).additional.find(
        (r) => r.type === "A",
      )?.data;
    expect(from("10.244.0.5")).toEqual({ type: "A", address: "10.244.0.5" });
    expect(from("10.244.3.3")).toEqual({ type: "A", address: "10.244.3.3" });
    expect(dns.replyCacheStats()).toEqual({ hits: 0, misses: 0, bypassed: 0 });
  });

  it("is bypassed by a rewrite whose edns0 rule copies the client's address into the reply", () => {
    const dns = service(
      handlerTestCluster(),
      ".:53 {\n  rewrite edns0 local set 0xffee {client_ip}\n  errors\n}\n",
    );
    const from = (clientIp: string) => [
      ...decodeMessage(dns.handleWire(ask("example.org"), { ...udp, clientIp })!).edns!.options[0]!.data,
    ];
    expect(from("10.244.0.5")).toEqual([10, 244, 0, 5]);
    expect(from("10.244.3.3")).toEqual([10, 244, 3, 3]);
    expect(dns.replyCacheStats()).toEqual({ hits: 0, misses: 0, bypassed: 0 });
    const plain = service(
      handlerTestCluster(),
      ".:53 {\n  rewrite edns0 local set 0xffee {qtype}\n  errors\n}\n",
    );
    plain.handleWire(ask("example.org"), udp);
    plain.handleWire(ask("example.org"), udp);
    expect(plain.replyCacheStats().hits).toBe(1);
  });

  it("answers afresh a reply that echoes only part of the name", () => {
    const cache = new ReplyCache();
    // A reply carrying the question name and, apart, its first label only (as a rewrite could).
    const compute = (p: Uint8Array) => {
      const firstLabel = p.subarray(12, 13 + p[12]!);
      const out = new Uint8Array(p.length + firstLabel.length);
      out.set(p);
      out.set(firstLabel, p.length);
      out[2] = p[2]! | 0x80;
      return out;
    };
    const q = ask("Partial.example.org");
    cache.answer(q, "", 1, compute);
    const r = cache.answer(ask("pARTIAL.example.org"), "", 1, compute);
    expect(Buffer.from(r!).toString("latin1")).toContain("pARTIAL");
    expect(Buffer.from(r!).toString("latin1").endsWith("pARTIAL")).toBe(true);
    expect(cache.stats).toEqual({ hits: 0, misses: 1, bypassed: 1 });
  });

  it("gives every packet, valid or mutated, the bytes a fresh server would send", () => {
    const cluster = handlerTestCluster();
    const cached = service(cluster);
    const spell = (name: string, upper: boolean[]) =>
      [...name].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join("");
    const casing = fc.array(fc.boolean(), { minLength: 7, maxLength: 7 });
    const question = fc.record({
      name: fc.constantFrom(...NAMES),
      type: fc.constantFrom("A", "AAAA", "SRV", "PTR", "TXT", "NS", "SOA", "ANY"),
      rd: fc.boolean(),
      edns: fc.option(fc.record({ bufsize: fc.constantFrom(512, 4096), do: fc.boolean() })),
      flip: fc.option(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { freq: 4 }),
      transport: fc.constantFrom<"udp" | "tcp">("udp", "tcp"),
    });
    // Each question is asked twice, with other ids and spellings: the second is a cache hit.
    fc.assert(
      fc.property(question, casing, casing, fc.nat(65535), fc.nat(65535), (q, c1, c2, id1, id2) => {
        const meta = { ...udp, transport: q.transport };
        for (const [upper, id] of [[c1, id1] as const, [c2, id2] as const]) {
          const p = ask(spell(q.name, upper), q.type, id, { rd: q.rd, ...(q.edns ?? {}) });
          if (q.flip) p[q.flip.at % p.length] = q.flip.value;
          const fresh = service(cluster).handleWire(p, meta);
          expect(hex(cached.handleWire(p, meta))).toBe(hex(fresh));
        }
      }),
      { numRuns: 300 },
    );
    const stats = cached.replyCacheStats();
    expect(stats.hits).toBeGreaterThan(150);
    expect(stats.bypassed).toBeLessThan(stats.hits);
  });
});
