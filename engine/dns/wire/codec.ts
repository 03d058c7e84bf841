/**
 * DnsMessage → bytes (decode.ts reads them back). Encoding uses the writer of compress.ts (dns-packet
 * cannot compress names, which miekg/dns does for replies that need truncation). Names keep their case
 * and carry the trailing dot inside the engine; dns-packet spells them without it.
 */
import dnsPacket from "dns-packet";
import type { DnsMessage, Edns, RData, ResourceRecord } from "../message.js";
import { opcodeNumber, rcodeNumber } from "./codes.js";
import { toPacketName, wireLabels } from "./names.js";
import { WireError } from "./wire-error.js";
import { encodeWire } from "./compress.js";

// dns-packet's record codecs are reachable through `record(type)`; the typings do not declare it.
interface RecordCodec {
  encode(data: unknown, buf?: Buffer, offset?: number): Buffer;
  decode(buf: Buffer, offset?: number): unknown;
}
const packetLib = dnsPacket as unknown as {
  encode(p: unknown): Buffer;
  decode(b: Buffer): PacketIn;
  record(type: string): RecordCodec;
  unknown: RecordCodec;
};

interface AnswerIn {
  name: string;
  type: string;
  class?: string;
  ttl?: number;
  data?: unknown;
  udpPayloadSize?: number;
  flags?: number;
  extendedRcode?: number;
  options?: { code: number; data?: Buffer }[];
}
interface PacketIn {
  id?: number;
  flags?: number;
  questions?: { name: string; type: string; class?: string }[];
  answers?: AnswerIn[];
  authorities?: AnswerIn[];
  additionals?: AnswerIn[];
}

const DO_BIT = 1 << 15;

/** dns-packet spells unknown types `UNKNOWN_<n>`; the engine uses RFC 3597 `TYPE<n>`. */
function toPacketType(t: string): string {
  const m = /^TYPE(\d+)$/i.exec(t);
  return m ? `UNKNOWN_${m[1]}` : t.toUpperCase();
}
function toPacketClass(c: string): string {
  const m = /^CLASS(\d+)$/i.exec(c);
  return m ? `UNKNOWN_${m[1]}` : c.toUpperCase();
}
/** RFC 3597 `\# <len> <hex>` → rdata bytes. */
function parseGenericRdata(text: string): Buffer {
  const m = /^\\#\s+(\d+)\s*([0-9a-fA-F\s]*)$/.exec(text.trim());
  if (!m)
    throw new WireError(`RAW rdata must be RFC 3597 "\\# <len> <hex>", got ${JSON.stringify(text)}`, true);
  const hex = (m[2] ?? "").replace(/\s+/g, "");
  const bytes = Buffer.from(hex, "hex");
  if (bytes.length !== Number(m[1]) || hex.length !== bytes.length * 2) {
    throw new WireError(`RAW rdata length ${m[1]} does not match its hex`, true);
  }
  return bytes;
}

function encodeRData(rr: ResourceRecord): unknown {
  const d: RData = rr.data;
  switch (d.type) {
    case "A":
    case "AAAA":
      return d.address;
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME":
      return toPacketName(d.target);
    case "SRV":
      return { ...d.srv, target: toPacketName(d.srv.target) };
    case "SOA":
      return { ...d.soa, mname: toPacketName(d.soa.mname), rname: toPacketName(d.soa.rname) };
    case "TXT":
      return d.strings.map((s) => Buffer.from(s, "utf-8"));
    case "MX":
      return { preference: d.preference, exchange: toPacketName(d.exchange) };
    case "HINFO":
      return { cpu: d.cpu, os: d.os };
    case "RAW": {
      const bytes = parseGenericRdata(d.text);
      const codec = packetLib.record(toPacketType(rr.type));
      if (codec === packetLib.unknown) return bytes;
      // A type dns-packet knows structurally (CAA, DS...): let it parse the bytes back.
      const framed = Buffer.alloc(bytes.length + 2);
      framed.writeUInt16BE(bytes.length, 0);
      bytes.copy(framed, 2);
      return codec.decode(framed, 0);
    }
  }
}

function encodeRR(rr: ResourceRecord): AnswerIn {
  return {
    name: toPacketName(rr.name),
    type: toPacketType(rr.type),
    class: toPacketClass(rr.class),
    ttl: rr.ttl >>> 0,
    data: encodeRData(rr),
  };
}

function optRecord(edns: Edns): AnswerIn {
  return {
    name: ".",
    type: "OPT",
    udpPayloadSize: edns.udpSize,
    flags: edns.do ? DO_BIT : 0,
    options: edns.options.map((o) => ({ code: o.code, data: Buffer.from(o.data) })),
  };
}

/** RFC 1035 §2.3.4: labels of 1..63 octets, names of at most 255 octets on the wire. */
function checkName(name: string): void {
  let wire = 1;
  for (const label of wireLabels(name)) {
    const len = label.bytes.length;
    if (len > 63) throw new WireError(`bad label length ${len} in ${JSON.stringify(name)}`, true);
    wire += len + 1;
  }
  if (wire > 255) throw new WireError(`name longer than 255 octets: ${JSON.stringify(name)}`, true);
}

function checkNames(msg: DnsMessage): void {
  for (const q of msg.question) checkName(q.name);
  for (const rr of [...msg.answer, ...msg.authority, ...msg.additional]) {
    checkName(rr.name);
    const d = rr.data;
    if (d.type === "CNAME" || d.type === "PTR" || d.type === "NS" || d.type === "DNAME") checkName(d.target);
    else if (d.type === "SRV") checkName(d.srv.target);
    else if (d.type === "MX") checkName(d.exchange);
    else if (d.type === "SOA") {
      checkName(d.soa.mname);
      checkName(d.soa.rname);
    }
  }
}

/**
 * Encode a message (uncompressed unless `compress`); throws WireError for data that cannot be put on
 * the wire. Replies to clients should go through `encodeReply`, which decides like CoreDNS.
 */
export function encodeMessage(msg: DnsMessage, opts: { compress?: boolean } = {}): Uint8Array {
  checkNames(msg);
  try {
    return encodeWire(msg, opts.compress ?? false);
  } catch (e) {
    if (e instanceof WireError) throw e;
    throw new WireError(`cannot encode message: ${(e as Error).message}`, true, msg.id);
  }
}

/**
 * Encode without name compression through dns-packet (a cross-check of the compressing encoder in
 * tests; note dns-packet's IPv6 encoder mis-encodes unusual spellings such as `::0:0:0:0:0:0:1`).
 */
export function encodeUncompressed(msg: DnsMessage): Uint8Array {
  checkNames(msg);
  try {
    const f = msg.flags;
    const flags =
      (opcodeNumber(msg.opcode) << 11) |
      (f.aa ? 1 << 10 : 0) |
      (f.tc ? 1 << 9 : 0) |
      (f.rd ? 1 << 8 : 0) |
      (f.ra ? 1 << 7 : 0) |
      (f.ad ? 1 << 5 : 0) |
      (f.cd ? 1 << 4 : 0) |
      rcodeNumber(msg.rcode);
    const additionals = msg.additional.filter((r) => r.type !== "OPT").map(encodeRR);
    if (msg.edns) additionals.push(optRecord(msg.edns));
    const packet = {
      id: msg.id & 0xffff,
      type: f.qr ? "response" : "query",
      flags,
      questions: msg.question.map((q) => ({
        name: toPacketName(q.name),
        type: toPacketType(q.type),
        class: toPacketClass(q.class),
      })),
      answers: msg.answer.map(encodeRR),
      authorities: msg.authority.map(encodeRR),
      additionals,
    };
    return new Uint8Array(packetLib.encode(packet));
  } catch (e) {
    if (e instanceof WireError) throw e;
    throw new WireError(`cannot encode message: ${(e as Error).message}`, true, msg.id);
  }
}
