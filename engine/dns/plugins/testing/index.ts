/**
 * Helpers for plugin tests: a PluginEnv on a fresh virtual clock and seeded rng, Corefile directives
 * without the parser, queries, and a dig-like rendering of results.
 */
import type { ClusterView } from "../../../cluster/index.js";
import { createClock, createRng } from "../../../support/index.js";
import type { UpstreamEntry } from "../../../support/index.js";
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { Directive, DnsRequest, DnsResult, PluginEnv, ServerBlock } from "../../plugin.js";

export function testEnv(
  over: Partial<PluginEnv> & { upstream?: UpstreamEntry[] } = {},
): PluginEnv & { logs: string[] } {
  const logs: string[] = [];
  return {
    cluster: {} as ClusterView,
    clock: createClock(),
    rng: createRng(42),
    upstream: [],
    hostResolvConf: { nameservers: ["172.18.0.1"], search: [], options: [] },
    selfAddresses: ["10.244.0.3", "10.96.0.10"],
    selfQuery: () => ({ kind: "drop", by: "test" }),
    log: (l) => logs.push(l),
    ...over,
    logs,
  };
}

/** `forward . 1.1.1.1 { policy sequential }` → Directive (one level of block, `;`-separated). */
export function directive(text: string, line = 1): Directive {
  const m = /^([^{]*)(?:\{(.*)\})?\s*$/s.exec(text.trim())!;
  const [name, ...args] = m[1]!.trim().split(/\s+/);
  const block = (m[2] ?? "")
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const [n, ...a] = s.split(/\s+/);
      return { name: n!, args: a, block: [], line: line + i + 1 };
    });
  return { name: name!, args, block, line };
}

export function serverBlock(zones = ["."], port = 53): ServerBlock {
  return { zones, port, scheme: "dns://", directives: [], line: 1 };
}

export function query(
  name: string,
  type = "A",
  opts: { id?: number; edns?: number; do?: boolean; class?: string } = {},
): DnsMessage {
  const m: DnsMessage = {
    id: opts.id ?? 4242,
    opcode: "QUERY",
    rcode: "NOERROR",
    flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false },
    question: [{ name, type, class: opts.class ?? "IN" }],
    answer: [],
    authority: [],
    additional: [],
  };
  if (opts.edns) m.edns = { udpSize: opts.edns, do: opts.do ?? false, options: [] };
  return m;
}

export function request(
  name: string,
  type = "A",
  opts: Parameters<typeof query>[2] & { zone?: string; clientIp?: string; transport?: "udp" | "tcp" } = {},
): DnsRequest {
  return {
    msg: query(name, type, opts),
    qname: name,
    qtype: type,
    clientIp: opts.clientIp ?? "10.244.0.5",
    clientPort: 52000,
    transport: opts.transport ?? "udp",
    zone: opts.zone ?? ".",
    port: 53,
  };
}

export function rr(name: string, type: string, ttl: number, data: string): ResourceRecord {
  switch (type) {
    case "A":
    case "AAAA":
      return { name, type, class: "IN", ttl, data: { type, address: data } };
    case "CNAME":
    case "PTR":
    case "NS":
      return { name, type, class: "IN", ttl, data: { type, target: data } };
    case "SOA": {
      const [mname, rname, ...n] = data.split(/\s+/);
      const [serial, refresh, retry, expire, minimum] = n.map(Number);
      return {
        name,
        type,
        class: "IN",
        ttl,
        data: {
          type,
          soa: {
            mname: mname!,
            rname: rname!,
            serial: serial!,
            refresh: refresh!,
            retry: retry!,
            expire: expire!,
            minimum: minimum!,
          },
        },
      };
    }
    case "SRV": {
      const [priority, weight, port, target] = data.split(/\s+/);
      return {
        name,
        type,
        class: "IN",
        ttl,
        data: {
          type,
          srv: { priority: Number(priority), weight: Number(weight), port: Number(port), target: target! },
        },
      };
    }
    case "MX": {
      const [p, x] = data.split(/\s+/);
      return { name, type, class: "IN", ttl, data: { type, preference: Number(p), exchange: x! } };
    }
    case "TXT":
      return { name, type, class: "IN", ttl, data: { type, strings: [data] } };
    default:
      throw new Error(`rr(): unsupported ${type}`);
  }
}

function rdataText(r: ResourceRecord): string {
  const d = r.data;
  switch (d.type) {
    case "A":
    case "AAAA":
      return d.address;
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME":
      return d.target;
    case "SRV":
      return `${d.srv.priority} ${d.srv.weight} ${d.srv.port} ${d.srv.target}`;
    case "SOA":
      return `${d.soa.mname} ${d.soa.rname} ${d.soa.serial} ${d.soa.refresh} ${d.soa.retry} ${d.soa.expire} ${d.soa.minimum}`;
    case "TXT":
      return d.strings.map((s) => JSON.stringify(s)).join(" ");
    case "MX":
      return `${d.preference} ${d.exchange}`;
    case "HINFO":
      return `${JSON.stringify(d.cpu)} ${JSON.stringify(d.os)}`;
    case "RAW":
      return d.text;
  }
}

/** `name ttl class type rdata` lines, dig style. */
export function lines(rrs: ResourceRecord[]): string[] {
  return rrs.map((r) => `${r.name} ${r.ttl} ${r.class} ${r.type} ${rdataText(r)}`);
}

/** A compact dig-like summary: `NOERROR aa answer=[...] authority=[...]`, or `error SERVFAIL` / `drop`. */
export function dig(r: DnsResult): {
  status: string;
  flags: string[];
  answer: string[];
  authority: string[];
  additional: string[];
} {
  if (r.kind === "error")
    return { status: r.rcode, flags: ["(not written)"], answer: [], authority: [], additional: [] };
  if (r.kind === "drop")
    return { status: "(no reply)", flags: [], answer: [], authority: [], additional: [] };
  const f = r.msg.flags;
  const flags = (["qr", "aa", "tc", "rd", "ra", "ad", "cd"] as const).filter((k) => f[k]);
  return {
    status: r.msg.rcode,
    flags,
    answer: lines(r.msg.answer),
    authority: lines(r.msg.authority),
    additional: lines(r.msg.additional),
  };
}

/** A `next` that answers with a canned reply built from the request. */
export function cannedNext(build: (req: DnsRequest) => Partial<DnsMessage>, counter?: { calls: number }) {
  return (req: DnsRequest): DnsResult => {
    if (counter) counter.calls++;
    const base: DnsMessage = {
      id: req.msg.id,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: true, aa: true, tc: false, rd: req.msg.flags.rd, ra: true, ad: false, cd: false },
      question: req.msg.question.map((q) => ({ ...q })),
      answer: [],
      authority: [],
      additional: [],
    };
    return { kind: "reply", msg: { ...base, ...build(req) }, by: "test" };
  };
}

export const noNext = (): DnsResult => {
  throw new Error("next must not be called");
};
