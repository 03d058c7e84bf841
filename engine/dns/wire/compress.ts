/**
 * The encoder for the engine's message shape, mirroring miekg/dns packing. With compression
 * (Compress=true) owner and question names, and the names inside CNAME/NS/PTR/MX/SOA rdata, point at
 * earlier suffixes (exact-case match, targets in the first 16 KiB); SRV targets are written in full but
 * still become pointer targets. Its length always equals `messageSize(msg, { compress })`.
 */
import dnsPacket from "dns-packet";
import type { DnsMessage, ResourceRecord } from "../message.js";
import { NUMBERED_TYPES, opcodeNumber, rcodeNumber } from "./codes.js";
import { toFqdn, wireLabels, type WireLabel } from "./names.js";
import { WireError } from "./wire-error.js";

const MAX_COMPRESSION_OFFSET = 2 << 13;
const codes = new Map<string, [number, number]>();

/** Type and class numbers as dns-packet knows them (`TYPEn`/`CLASSn` for unknown ones). */
function typeAndClass(type: string, cls: string): [number, number] {
  const key = `${type}/${cls}`;
  let v = codes.get(key);
  if (!v) {
    // RFC 9460's types, which dns-packet has no names for: encoded by number.
    const t = /^TYPE(\d+)$/i.exec(type)?.[1] ?? NUMBERED_TYPES[type.toUpperCase()]?.toString();
    const c = /^CLASS(\d+)$/i.exec(cls);
    const probe = (dnsPacket as unknown as { encode(p: unknown): Buffer }).encode({
      questions: [
        {
          name: ".",
          type: t ? `UNKNOWN_${t}` : type.toUpperCase(),
          class: c ? `UNKNOWN_${c[1]}` : cls.toUpperCase(),
        },
      ],
    });
    v = [probe.readUInt16BE(13), probe.readUInt16BE(15)];
    if (v[0] === 0 && type.toUpperCase() !== "TYPE0") throw new WireError(`unknown RR type ${type}`, true);
    codes.set(key, v);
  }
  return v;
}

function v6Bytes(ip: string): number[] {
  const tail4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  let text = ip;
  let extra: number[] = [];
  if (tail4) {
    extra = tail4[1]!.split(".").map(Number);
    text = ip.slice(0, -tail4[1]!.length) + "0:0";
  }
  const halves = text.split("::");
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const groups = [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))
    throw new WireError(`bad IPv6 address ${ip}`, true);
  const bytes = groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
  if (extra.length) bytes.splice(12, 4, ...extra);
  return bytes;
}

class Writer {
  private buf = Buffer.alloc(512);
  len = 0;
  private readonly comp = new Map<string, number>();

  constructor(private readonly compression: boolean) {}

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf.writeUInt8(v & 0xff, this.len++);
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.len);
    this.len += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
  }
  bytes(b: Uint8Array | number[]): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  charString(s: string): void {
    const b = Buffer.from(s, "utf-8");
    if (b.length > 255) throw new WireError("character-string longer than 255 octets", true);
    this.u8(b.length);
    this.bytes(b);
  }
  name(name: string, compress: boolean): void {
    const fq = toFqdn(name);
    if (fq === ".") return this.u8(0);
    if (fq.includes("\\") || !isAscii(fq)) return this.labels(wireLabels(fq), compress);
    // ASCII without escapes (every DNS name in practice): the bytes straight from the string.
    for (let start = 0; start < fq.length;) {
      if (this.pointTo(fq.slice(start), compress)) return;
      const end = fq.indexOf(".", start);
      if (end === start) throw new WireError(`empty label in ${JSON.stringify(name)}`, true);
      this.ensure(end - start + 1);
      this.buf[this.len++] = end - start;
      this.len += this.buf.write(fq.slice(start, end), this.len, "latin1");
      start = end + 1;
    }
    this.u8(0);
  }
  private labels(labels: WireLabel[], compress: boolean): void {
    for (const label of labels) {
      if (this.pointTo(label.suffix, compress)) return;
      this.u8(label.bytes.length);
      this.bytes(label.bytes);
    }
    this.u8(0);
  }
  /**
   * At the name's suffix from one label on: a pointer to where it was written before (true) when
   * compressing, else the suffix is remembered. Keys are the presentation suffixes, exact case, as
   * miekg/dns packDomainName keys its map (`s[compBegin:]`).
   */
  private pointTo(suffix: string, compress: boolean): boolean {
    const at = this.comp.get(suffix);
    if (at === undefined) {
      if (this.len < MAX_COMPRESSION_OFFSET) this.comp.set(suffix, this.len);
      return false;
    }
    if (!compress || !this.compression) return false;
    this.u16(0xc000 | at);
    return true;
  }
  patch16(at: number, v: number): void {
    this.buf.writeUInt16BE(v, at);
  }
  done(): Uint8Array {
    return new Uint8Array(this.buf.subarray(0, this.len));
  }
}

function rdata(w: Writer, rr: ResourceRecord): void {
  const d = rr.data;
  switch (d.type) {
    case "A": {
      const p = d.address.split(".").map(Number);
      if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255))
        throw new WireError(`bad IPv4 address ${d.address}`, true);
      w.bytes(p);
      return;
    }
    case "AAAA":
      w.bytes(v6Bytes(d.address));
      return;
    case "CNAME":
    case "PTR":
    case "NS":
      w.name(d.target, true);
      return;
    case "DNAME":
      w.name(d.target, false);
      return;
    case "SRV":
      w.u16(d.srv.priority);
      w.u16(d.srv.weight);
      w.u16(d.srv.port);
      w.name(d.srv.target, false);
      return;
    case "SOA":
      w.name(d.soa.mname, true);
      w.name(d.soa.rname, true);
      for (const n of [d.soa.serial, d.soa.refresh, d.soa.retry, d.soa.expire, d.soa.minimum]) w.u32(n);
      return;
    case "TXT":
      for (const s of d.strings) w.charString(s);
      return;
    case "MX":
      w.u16(d.preference);
      w.name(d.exchange, true);
      return;
    case "HINFO":
      w.charString(d.cpu);
      w.charString(d.os);
      return;
    case "RAW": {
      const m = /^\\#\s+(\d+)\s*([0-9a-fA-F\s]*)$/.exec(d.text.trim());
      const hex = (m?.[2] ?? "").replace(/\s+/g, "");
      if (!m || hex.length !== Number(m[1]) * 2)
        throw new WireError(`RAW rdata must be "\\# <len> <hex>"`, true);
      w.bytes(Buffer.from(hex, "hex"));
      return;
    }
  }
}

/** Encode, with or without name compression. */
export function encodeWire(msg: DnsMessage, compress: boolean): Uint8Array {
  const w = new Writer(compress);
  const f = msg.flags;
  const additional = msg.additional.filter((r) => r.type !== "OPT");
  w.u16(msg.id);
  w.u16(
    (f.qr ? 0x8000 : 0) |
      (opcodeNumber(msg.opcode) << 11) |
      (f.aa ? 1 << 10 : 0) |
      (f.tc ? 1 << 9 : 0) |
      (f.rd ? 1 << 8 : 0) |
      (f.ra ? 1 << 7 : 0) |
      (f.ad ? 1 << 5 : 0) |
      (f.cd ? 1 << 4 : 0) |
      rcodeNumber(msg.rcode),
  );
  w.u16(msg.question.length);
  w.u16(msg.answer.length);
  w.u16(msg.authority.length);
  w.u16(additional.length + (msg.edns ? 1 : 0));
  for (const q of msg.question) {
    const [t, c] = typeAndClass(q.type, q.class);
    w.name(q.name, true);
    w.u16(t);
    w.u16(c);
  }
  for (const rr of [...msg.answer, ...msg.authority, ...additional]) {
    const [t, c] = typeAndClass(rr.type, rr.class);
    w.name(rr.name, true);
    w.u16(t);
    w.u16(c);
    w.u32(rr.ttl);
    const at = w.len;
    w.u16(0);
    rdata(w, rr);
    w.patch16(at, w.len - at - 2);
  }
  if (msg.edns) {
    w.u8(0);
    w.u16(41);
    w.u16(msg.edns.udpSize);
    w.u32(msg.edns.do ? 0x8000 : 0);
    const at = w.len;
    w.u16(0);
    for (const o of msg.edns.options) {
      w.u16(o.code);
      w.u16(o.data.length);
      w.bytes(o.data);
    }
    w.patch16(at, w.len - at - 2);
  }
  return w.done();
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
