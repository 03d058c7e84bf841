/**
 * DNS messages out of a packet capture (`tcpdump -w`, libpcap's file format: a 24-byte global header,
 * then a 16-byte record header per packet — https://www.tcpdump.org/manpages/pcap-savefile.5.html).
 * Link types: Linux cooked v1 (113) and v2 (276), which `-i any` writes, Ethernet (1) and raw IP
 * (101). IPv4 and IPv6, UDP and TCP (RFC 1035 §4.2.2 two-byte length framing) on port 53.
 */
import { decodeMessage, type DnsMessage } from "../../../engine/index.js";

export interface CapturedDns {
  /** Seconds since the epoch, with microseconds. */
  time: number;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  transport: "udp" | "tcp";
  msg: DnsMessage;
}

const LINK_OFFSET: Record<number, number> = { 1: 14, 101: 0, 113: 16, 276: 20 };

function ipv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
}

function ipv6(b: Uint8Array, o: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 16; i += 2) parts.push(((b[o + i]! << 8) | b[o + i + 1]!).toString(16));
  return parts.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** The transport payload of one IP packet starting at `o`, or undefined when it is not UDP/TCP. */
function transportOf(b: Uint8Array, o: number) {
  const version = b[o]! >> 4;
  let proto: number, src: string, dst: string, payload: number;
  if (version === 4) {
    proto = b[o + 9]!;
    src = ipv4(b, o + 12);
    dst = ipv4(b, o + 16);
    payload = o + (b[o]! & 0x0f) * 4;
  } else if (version === 6) {
    proto = b[o + 6]!;
    src = ipv6(b, o + 8);
    dst = ipv6(b, o + 24);
    payload = o + 40;
  } else return undefined;
  const srcPort = (b[payload]! << 8) | b[payload + 1]!;
  const dstPort = (b[payload + 2]! << 8) | b[payload + 3]!;
  if (proto === 17)
    return { transport: "udp" as const, src, dst, srcPort, dstPort, data: b.subarray(payload + 8) };
  if (proto === 6) {
    const data = b.subarray(payload + (b[payload + 12]! >> 4) * 4);
    return {
      transport: "tcp" as const,
      src,
      dst,
      srcPort,
      dstPort,
      data: data.length >= 2 ? data.subarray(2) : data,
    };
  }
  return undefined;
}

export function dnsFromPcap(file: Uint8Array): CapturedDns[] {
  if (file.length < 24) return [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = view.getUint32(0, true);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const link = view.getUint32(20, little);
  const offset = LINK_OFFSET[link];
  if (offset === undefined) throw new Error(`pcap link type ${link} is not read here`);
  const out: CapturedDns[] = [];
  for (let p = 24; p + 16 <= file.length;) {
    const time = view.getUint32(p, little) + view.getUint32(p + 4, little) / (nanos ? 1e9 : 1e6);
    const caplen = view.getUint32(p + 8, little);
    const packet = file.subarray(p + 16, p + 16 + caplen);
    p += 16 + caplen;
    const t = transportOf(packet, offset);
    if (!t || (t.srcPort !== 53 && t.dstPort !== 53) || t.data.length < 12) continue;
    try {
      out.push({
        time,
        src: t.src,
        dst: t.dst,
        srcPort: t.srcPort,
        dstPort: t.dstPort,
        transport: t.transport,
        msg: decodeMessage(t.data),
      });
    } catch {
      // A truncated capture or a malformed packet is not a query of the walk.
    }
  }
  return out;
}
