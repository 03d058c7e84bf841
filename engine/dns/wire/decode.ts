/**
 * Bytes → DnsMessage, mirroring miekg/dns's unpacking as CoreDNS runs it (msg.go `Msg.Unpack`,
 * `unpackQuestion`, `unpackRRslice`, `UnpackDomainName`; msg_helpers.go `unpackHeader`): names keep
 * their bytes (presentation form with escapes, names.ts), a message that ends after its header or
 * after any whole record stops there without error (the counts "are a lie"), a record runs exactly
 * to its RDLENGTH, and rdata of types the engine models is read here. Rdata of the other types is
 * validated and re-encoded by dns-packet's record codecs, as generic RFC 3597 rdata.
 */
import dnsPacket from "dns-packet";
import packetClasses from "dns-packet/classes.js";
import packetTypes from "dns-packet/types.js";
import type { DnsMessage, Edns, Question, RData, ResourceRecord } from "../message.js";
import { NUMBERED_TYPES, opcodeName, rcodeName } from "./codes.js";
import { presentLabel } from "./names.js";
import { WireError } from "./wire-error.js";

interface RecordCodec {
  encode(data: unknown): Buffer;
  decode(buf: Buffer, offset: number): unknown;
}
const recordCodec = (dnsPacket as unknown as { record(type: string): RecordCodec }).record;
const typeName = (n: number): string => packetTypes.toString(n);
const className = (n: number): string => packetClasses.toString(n);

/** miekg/dns msg.go: maxDomainNameWireOctets and maxCompressionPointers. */
const MAX_NAME_OCTETS = 255;
const MAX_POINTERS = (MAX_NAME_OCTETS + 1) / 2 - 2;
const DO_BIT = 1 << 15;

class Malformed extends Error {}

/** miekg/dns `UnpackDomainName`: pointers may go anywhere (bounded in number), 0x40/0x80 refused. */
function readName(msg: Uint8Array, start: number): [string, number] {
  let s = "";
  let off = start;
  let after = -1;
  let budget = MAX_NAME_OCTETS;
  let pointers = 0;
  for (;;) {
    if (off >= msg.length) throw new Malformed("buffer too small for a name");
    const c = msg[off++]!;
    if (c === 0) break;
    if ((c & 0xc0) === 0) {
      if (off + c > msg.length) throw new Malformed("buffer too small for a label");
      budget -= c + 1;
      if (budget <= 0) throw new Malformed("domain name exceeded 255 wire-format octets");
      s += `${presentLabel(msg, off, off + c)}.`;
      off += c;
    } else if ((c & 0xc0) === 0xc0) {
      if (off >= msg.length) throw new Malformed("buffer too small for a pointer");
      const low = msg[off++]!;
      if (pointers === 0) after = off;
      if (++pointers > MAX_POINTERS) throw new Malformed("too many compression pointers");
      off = ((c ^ 0xc0) << 8) | low;
    } else {
      throw new Malformed("bad rdata (reserved label type)");
    }
  }
  return [s === "" ? "." : s, pointers === 0 ? off : after];
}

function u16(msg: Uint8Array, off: number): number {
  if (off + 2 > msg.length) throw new Malformed("overflow unpacking uint16");
  return (msg[off]! << 8) | msg[off + 1]!;
}
function u32(msg: Uint8Array, off: number): number {
  if (off + 4 > msg.length) throw new Malformed("overflow unpacking uint32");
  return ((msg[off]! << 24) | (msg[off + 1]! << 16) | (msg[off + 2]! << 8) | msg[off + 3]!) >>> 0;
}

const NUMBERED_NAMES = new Map(Object.entries(NUMBERED_TYPES).map(([name, n]) => [n, name]));

function fromType(n: number): string {
  const t = typeName(n);
  return t.startsWith("UNKNOWN_") ? (NUMBERED_NAMES.get(n) ?? `TYPE${n}`) : t;
}
function fromClass(n: number): string {
  const c = className(n);
  return c.startsWith("UNKNOWN_") ? `CLASS${n}` : c;
}

/** miekg `unpackQuestion`: a message may end right after the name or the type (the rest is 0). */
function readQuestion(msg: Uint8Array, start: number): [Question, number] {
  const [name, afterName] = readName(msg, start);
  let off = afterName;
  let qtype = 0;
  let qclass = 0;
  if (off < msg.length) {
    qtype = u16(msg, off);
    off += 2;
    if (off < msg.length) {
      qclass = u16(msg, off);
      off += 2;
    }
  }
  return [{ name, type: fromType(qtype), class: fromClass(qclass) }, off];
}

function characterStrings(msg: Uint8Array, off: number, end: number): string[] {
  const out: string[] = [];
  while (off < end) {
    const n = msg[off]!;
    if (off + 1 + n > end) throw new Malformed("overflow unpacking txt");
    out.push(Buffer.from(msg.subarray(off + 1, off + 1 + n)).toString("utf-8"));
    off += 1 + n;
  }
  return out;
}

/** An address as dns-packet spells it (the engine's addresses come from the same codec). */
function address(type: "A" | "AAAA", msg: Uint8Array, off: number, end: number): string {
  if (end - off !== (type === "A" ? 4 : 16)) throw new Malformed(`bad rdlength for ${type}`);
  return recordCodec(type).decode(Buffer.from(msg.buffer, msg.byteOffset, end), off - 2) as string;
}

/** Rdata of `type` in msg[off, end) (miekg's per-type `unpack`, then its RDLENGTH check). */
function readRData(type: string, msg: Uint8Array, off: number, end: number): RData {
  const name = (at: number): [string, number] => readName(msg.subarray(0, end), at);
  let data: RData;
  let next: number;
  switch (type) {
    case "A":
    case "AAAA":
      [data, next] = [{ type, address: address(type, msg, off, end) }, end];
      break;
    case "CNAME":
    case "PTR":
    case "NS":
    case "DNAME": {
      const [target, at] = name(off);
      [data, next] = [{ type, target }, at];
      break;
    }
    case "MX": {
      const [exchange, at] = name(off + 2);
      [data, next] = [{ type, preference: u16(msg.subarray(0, end), off), exchange }, at];
      break;
    }
    case "SRV": {
      const m = msg.subarray(0, end);
      const [target, at] = name(off + 6);
      const srv = { priority: u16(m, off), weight: u16(m, off + 2), port: u16(m, off + 4), target };
      [data, next] = [{ type, srv }, at];
      break;
    }
    case "SOA": {
      const [mname, a1] = name(off);
      const [rname, a2] = name(a1);
      const m = msg.subarray(0, end);
      const [serial, refresh, retry, expire, minimum] = [0, 4, 8, 12, 16].map((d) => u32(m, a2 + d));
      data = {
        type,
        soa: {
          mname,
          rname,
          serial: serial!,
          refresh: refresh!,
          retry: retry!,
          expire: expire!,
          minimum: minimum!,
        },
      };
      next = a2 + 20;
      break;
    }
    case "TXT":
      [data, next] = [{ type, strings: characterStrings(msg, off, end) }, end];
      break;
    default:
      return genericRData(type, msg, off, end);
  }
  if (next !== end) throw new Malformed("bad rdlength");
  return data;
}

function genericText(bytes: Uint8Array): string {
  return bytes.length === 0 ? "\\# 0" : `\\# ${bytes.length} ${Buffer.from(bytes).toString("hex")}`;
}

/** Other types: dns-packet validates the rdata (pointers resolved), its re-encoding is kept. */
function genericRData(type: string, msg: Uint8Array, off: number, end: number): RData {
  const codec = recordCodec(/^TYPE(\d+)$/.exec(type) ? `UNKNOWN_${type.slice(4)}` : type);
  const buf = Buffer.from(msg.buffer, msg.byteOffset, end);
  const decoded = codec.decode(buf, off - 2);
  return { type: "RAW", rrtype: type, text: genericText(codec.encode(decoded).subarray(2)) };
}

/** One RR (miekg `unpackHeader` + `UnpackRRWithHeader`); undefined when the message has ended. */
function readRecord(msg: Uint8Array, start: number): [ResourceRecord | OptRecord, number] | undefined {
  if (start === msg.length) return undefined;
  const [name, off] = readName(msg, start);
  const typeNum = u16(msg, off);
  const classNum = u16(msg, off + 2);
  const ttl = u32(msg, off + 4);
  const rdlength = u16(msg, off + 8);
  const rdata = off + 10;
  const end = rdata + rdlength;
  if (end > msg.length) throw new Malformed("truncated message (rdlength)");
  const type = fromType(typeNum);
  if (type === "OPT") return [readOpt(msg, rdata, end, classNum, ttl), end];
  // miekg `noRdata`: an empty RDATA is a record of its type with no data (kept as empty generic rdata).
  const data: RData =
    rdlength === 0 ? { type: "RAW", rrtype: type, text: "\\# 0" } : readRData(type, msg, rdata, end);
  return [{ name, type, class: fromClass(classNum), ttl, data }, end];
}

/** The OPT pseudo-record (miekg `unpackDataOpt`): options must fill the RDATA exactly. */
function readOpt(
  msg: Uint8Array,
  off: number,
  end: number,
  udpSize: number,
  ttl: number,
): Edns & { extendedRcode: number } {
  const options: Edns["options"] = [];
  while (off < end) {
    if (off + 4 > end) throw new Malformed("overflow unpacking opt");
    const code = u16(msg, off);
    const len = u16(msg, off + 2);
    if (off + 4 + len > end) throw new Malformed("overflow unpacking opt");
    options.push({ code, data: new Uint8Array(msg.subarray(off + 4, off + 4 + len)) });
    off += 4 + len;
  }
  return { udpSize, do: (ttl & DO_BIT) !== 0, options, extendedRcode: ttl >>> 24 };
}

type OptRecord = Edns & { extendedRcode: number };
interface Sections {
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  edns?: OptRecord;
}

/** miekg `unpackRRslice` per section, in order; a message ending early just ends the sections. */
function readSections(msg: Uint8Array, start: number, counts: number[]): Sections {
  const out: Sections = { answer: [], authority: [], additional: [] };
  const lists = [out.answer, out.authority, out.additional];
  let off = start;
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s]!; i++) {
      const r = readRecord(msg, off);
      if (!r) return out;
      off = r[1];
      if ("udpSize" in r[0]) {
        if (out.edns) throw new Malformed("more than one OPT record");
        out.edns = r[0];
      } else lists[s]!.push(r[0]);
    }
  }
  return out;
}

function readMessage(msg: Uint8Array): DnsMessage {
  const flags = u16(msg, 2);
  const question: Question[] = [];
  let off = 12;
  const qdcount = u16(msg, 4);
  // miekg `Msg.unpack`: a message that ends right after its header has no sections at all.
  for (let i = 0; i < qdcount && !(i === 0 && off === msg.length); i++) {
    const [q, next] = readQuestion(msg, off);
    question.push(q);
    off = next;
  }
  const { answer, authority, additional, edns } = readSections(msg, off, [
    u16(msg, 6),
    u16(msg, 8),
    u16(msg, 10),
  ]);
  const out: DnsMessage = {
    id: u16(msg, 0),
    opcode: opcodeName((flags >> 11) & 0xf),
    rcode: rcodeName(((edns?.extendedRcode ?? 0) << 4) | (flags & 0xf)),
    flags: {
      qr: (flags & 0x8000) !== 0,
      aa: (flags & (1 << 10)) !== 0,
      tc: (flags & (1 << 9)) !== 0,
      rd: (flags & (1 << 8)) !== 0,
      ra: (flags & (1 << 7)) !== 0,
      ad: (flags & (1 << 5)) !== 0,
      cd: (flags & (1 << 4)) !== 0,
    },
    question,
    answer,
    authority,
    additional,
  };
  if (edns) out.edns = { udpSize: edns.udpSize, do: edns.do, options: edns.options };
  return out;
}

/** Decode bytes; anything malformed throws WireError (never another error). */
export function decodeMessage(bytes: Uint8Array): DnsMessage {
  if (bytes.length < 12)
    throw new WireError(`message of ${bytes.length} bytes is shorter than a header`, false);
  const id = (bytes[0]! << 8) | bytes[1]!;
  try {
    return readMessage(bytes);
  } catch (e) {
    throw new WireError(`malformed message: ${(e as Error).message}`, true, id);
  }
}
