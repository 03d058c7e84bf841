/**
 * The DNS wire path `netspec serve` runs: decodeMessage and the engine's handleWire (decode →
 * server blocks → plugin chain → encode), over UDP and TCP, on two clusters (the kubeadm profile as
 * it comes, and one whose Corefile chains most plugins the engine implements).
 *
 * The answer policy is miekg/dns's, which CoreDNS inherits (github.com/miekg/dns server.go
 * `serveDNS` and acceptfunc.go `defaultMsgAcceptFunc`, v1.1.72):
 * - fewer than 12 bytes (unpackMsgHdr fails) or the QR bit set (MsgIgnore): no reply;
 * - an opcode other than QUERY/NOTIFY (MsgRejectNotImplemented): NOTIMP, the request's opcode kept;
 * - QDCOUNT ≠ 1, ANCOUNT > 1, NSCOUNT > 1 or ARCOUNT > 2 (MsgReject): FORMERR with opcode QUERY;
 *   both rejections are the request's header with QR set, AA and Z cleared, no records;
 * - anything else is unpacked and served: a reply, if any, carries the id and has QR set, decodes,
 *   and fits the client's buffer (UDP: 512 or the EDNS0 size, RFC 6891 §6.2.5; TCP: 65535).
 * An exception inside the handler (logged by the engine as a bare `[ERROR]` line) is a crash too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, decodeMessage, encodeMessage, makeQuery } from "../../engine/index.js";
import type { DnsMessage, Engine } from "../../engine/index.js";
import { filesUnder } from "../seeds.js";
import { Violation, type FuzzTarget } from "../target.js";

/** A Corefile chaining most plugins the engine implements (all kubeadm-compatible). */
export const RICH_COREFILE = `.:53 {
    errors
    health
    ready
    rewrite continue cname suffix .legacy.local. .default.svc.cluster.local.
    rewrite name exact api.corp.example kubernetes.default.svc.cluster.local
    rewrite name suffix .legacy.local. .default.svc.cluster.local. answer auto
    hosts {
        10.9.9.9 static.example
        fallthrough
    }
    template IN TXT tmpl.example {
        answer "{{ .Name }} 60 IN TXT \\"hello\\""
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods verified
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    chaos
    any
    minimal
    bufsize 1232
    forward . 8.8.8.8
    cache 30
    loop
    reload
    loadbalance
}
who.example:53 {
    whoami
}
edns.example:53 {
    rewrite continue edns0 local set 0xffee {qname}
    rewrite continue edns0 nsid append revert
    rewrite edns0 subnet set 24 56
    whoami
}
`;

/**
 * The zone whose rewrite edns0 rules give every request an OPT: one without gets 4096 (setupEdns0Opt),
 * and the ScrubWriter truncates to the request as the chain left it (request.Scrub: r.Size()).
 */
const EDNS_ZONE = "edns.example.";

interface Header {
  id: number;
  qr: boolean;
  opcode: number;
  bits: number;
  qd: number;
  an: number;
  ns: number;
  ar: number;
}

function header(p: Uint8Array): Header {
  const u16 = (o: number) => (p[o]! << 8) | p[o + 1]!;
  const bits = u16(2);
  return {
    id: u16(0),
    bits,
    qr: (bits & 0x8000) !== 0,
    opcode: (bits >> 11) & 0xf,
    qd: u16(4),
    an: u16(6),
    ns: u16(8),
    ar: u16(10),
  };
}

function headerCounts(p: Uint8Array): number {
  const h = header(p);
  return h.qd + h.an + h.ns + h.ar;
}

/** defaultMsgAcceptFunc on the header: what miekg/dns does before unpacking the body. */
function acceptAction(h: Header): "accept" | "ignore" | "FORMERR" | "NOTIMP" {
  if (h.qr) return "ignore";
  if (h.opcode !== 0 && h.opcode !== 4) return "NOTIMP";
  if (h.qd !== 1 || h.an > 1 || h.ns > 1 || h.ar > 2) return "FORMERR";
  return "accept";
}

/**
 * A rejection: the request's header with QR set, AA and Z cleared, the rcode set and no records
 * (`headerOnly`); a body that failed to unpack after the question keeps the question (unpack fills
 * req.Question before the sections that failed).
 */
function checkRejection(req: Header, reply: Uint8Array, rcode: 1 | 2 | 4, headerOnly = true): void {
  if (reply.length < 12 || (headerOnly && reply.length !== 12))
    throw new Violation("reject-not-header-only", `${reply.length} bytes`);
  const r = header(reply);
  if (r.an + r.ns + r.ar > 0 || r.qd > 1)
    throw new Violation("reject-has-records", `counts ${r.qd}/${r.an}/${r.ns}/${r.ar}`);
  const opcode = rcode === 4 ? req.opcode : 0;
  // setHdr copies TC, RD, RA, AD and CD from the request (msg.go); AA (0x0400) and Z (0x0040) cleared.
  const want = 0x8000 | (opcode << 11) | (req.bits & 0x03b0) | rcode;
  if (r.id !== req.id) throw new Violation("reject-id", `${r.id} ≠ ${req.id}`);
  if (r.bits !== want)
    throw new Violation("reject-flags", `flags 0x${r.bits.toString(16)}, want 0x${want.toString(16)}`);
}

function checkServed(
  data: Uint8Array,
  query: DnsMessage | undefined,
  req: Header,
  reply: Uint8Array,
  transport: "udp" | "tcp",
): void {
  // A bare header with QDCOUNT 1: miekg's unpack stops at the end of the message without an error
  // (msg.go Msg.unpack), and CoreDNS answers a message without a question SERVFAIL
  // (core/dnsserver/server.go ServeDNS, errorAndMetricsFunc → Msg.SetRcode → SetReply: the opcode
  // kept, RD and CD copied for QUERY only, no records).
  if (data.length === 12) {
    const r = header(reply);
    const want = 0x8000 | (req.opcode << 11) | (req.opcode === 0 ? req.bits & 0x0110 : 0) | 2;
    if (reply.length !== 12 || r.id !== req.id || r.bits !== want)
      throw new Violation(
        "header-only-query",
        `reply ${Buffer.from(reply).toString("hex")}, want SERVFAIL 0x${want.toString(16)}`,
      );
    return;
  }
  if (!query) {
    // The body does not unpack: FORMERR (serveDNS falls through from MsgAccept to MsgReject).
    if ((header(reply).bits & 0xf) !== 1)
      throw new Violation("malformed-not-formerr", Buffer.from(reply.subarray(0, 4)).toString("hex"));
    return checkRejection(req, reply, 1, false);
  }
  let msg: DnsMessage;
  try {
    msg = decodeMessage(reply);
  } catch (e) {
    throw new Violation("reply-undecodable", (e as Error).message);
  }
  if (msg.id !== req.id) throw new Violation("reply-id", `${msg.id} ≠ ${req.id}`);
  if (!msg.flags.qr) throw new Violation("reply-qr", "QR not set");
  const qname = query?.question[0]?.name.toLowerCase() ?? "";
  const inEdnsZone = qname === EDNS_ZONE || qname.endsWith(`.${EDNS_ZONE}`);
  const udp = query?.edns?.udpSize ?? (inEdnsZone ? 4096 : 512);
  const limit = transport === "tcp" ? 65535 : Math.max(512, udp);
  if (reply.length > limit)
    throw new Violation("reply-too-big", `${reply.length} bytes > ${limit} over ${transport}`);
}

/** The engine logs an exception its handler caught as `[ERROR] <message>`; plugins log `[ERROR] plugin/…`. */
function newHandlerErrors(engine: Engine, seen: { n: number }): string[] {
  const log = engine.coredns().log;
  const fresh = log.slice(seen.n);
  seen.n = log.length;
  return fresh.filter((l) => l.startsWith("[ERROR] ") && !l.startsWith("[ERROR] plugin/"));
}

/** Generated queries: every name and type of the CoreDNS parity cases, with and without EDNS0. */
function generatedQueries(root: string): Uint8Array[] {
  const cases = JSON.parse(
    readFileSync(join(root, "test/coredns-parity/fixtures/handler-cases.json"), "utf8"),
  ) as { suites: { cases: { qname: string; qtype: string }[] }[] };
  const out: Uint8Array[] = [];
  const extra = [
    { qname: "kubernetes.default.svc.cluster.local", qtype: "A" },
    { qname: "api.corp.example", qtype: "A" },
    { qname: "x.legacy.local", qtype: "A" },
    { qname: "static.example", qtype: "A" },
    { qname: "tmpl.example", qtype: "TXT" },
    { qname: "version.bind", qtype: "TXT" },
    { qname: "who.example", qtype: "A" },
    { qname: "a.edns.example", qtype: "A" },
    { qname: "example.com", qtype: "ANY" },
    { qname: "10.96.0.10.in-addr.arpa", qtype: "PTR" },
  ];
  let id = 1;
  for (const c of [...extra, ...cases.suites.flatMap((s) => s.cases)]) {
    for (const bufsize of [undefined, 1232]) {
      try {
        const q = makeQuery({ name: c.qname, type: c.qtype, id: id++, ...(bufsize ? { bufsize } : {}) });
        out.push(encodeMessage(q));
      } catch {
        // A parity case whose type the query builder does not know: skipped as a seed.
      }
    }
  }
  return out;
}

export const dnsWireTarget: FuzzTarget = {
  name: "dns",
  summary: "DNS wire decoder and the engine's handleWire path (miekg/dns accept rules)",
  ext: "bin",
  maxLen: 1024,
  text: false,
  scope: /\/engine\/dns\/|\/dns-packet\//,
  seeds: (root) => {
    const seeds = generatedQueries(root);
    // Raw bytes of the fixtures too: text packets are garbage with a readable header.
    for (const p of filesUnder(root, ["test/coredns-parity/fixtures"], (n) => n.endsWith(".Corefile")))
      seeds.push(new Uint8Array(readFileSync(p)).subarray(0, 200));
    return seeds;
  },
  dictionary: [],
  create() {
    const plain = createEngine({ profile: "kubeadm", nodes: 2 }, { seed: 5 });
    const rich = createEngine(
      {
        profile: "kubeadm",
        nodes: 2,
        corefile: { path: "Corefile", text: RICH_COREFILE, line: 1, column: 0 },
      },
      { seed: 6 },
    );
    if (rich.coredns().status !== "Running")
      throw new Error(`the fuzz Corefile does not run: ${rich.coredns().log.join("; ")}`);
    const engines = [
      { engine: plain, seen: { n: plain.coredns().log.length } },
      { engine: rich, seen: { n: rich.coredns().log.length } },
    ];
    return {
      run(data) {
        let query: DnsMessage | undefined;
        // dns-packet allocates an array per header count before it reads a record, so a packet
        // claiming 65535 records costs megabytes; the server never decodes those (the accept rules
        // refuse them first), and the decoder alone is fuzzed on the packets it would see.
        if (data.length < 12 || headerCounts(data) <= 64) {
          try {
            query = decodeMessage(data);
          } catch (e) {
            if ((e as Error).name !== "WireError") throw e;
          }
        }
        for (const { engine, seen } of engines) {
          for (const transport of ["udp", "tcp"] as const) {
            const reply = engine.handleWire(data, { transport, clientIp: "10.244.1.9" });
            const errors = newHandlerErrors(engine, seen);
            if (errors.length) throw new Violation("handler-exception", errors[0]!, errors[0]!);
            if (data.length < 12) {
              if (reply) throw new Violation("reply-to-short", `${data.length}-byte packet answered`);
              continue;
            }
            const h = header(data);
            const action = acceptAction(h);
            if (action === "ignore") {
              if (reply) throw new Violation("reply-to-response", "QR set, answered");
              continue;
            }
            if (action !== "accept") {
              if (!reply) throw new Violation("reject-dropped", `${action} expected, dropped`);
              checkRejection(h, reply, action === "FORMERR" ? 1 : 4);
              continue;
            }
            if (reply) checkServed(data, query, h, reply, transport);
          }
        }
      },
    };
  },
};
