/** Numeric codes of the header fields (RFC 1035 §4.1.1, RFC 6895). */
import packetTypes from "dns-packet/types.js";

/**
 * RFC 9460's types (§14.1), which dns-packet has no names for: the encoder writes them by number
 * (compress.ts), the decoder names them back (decode.ts).
 */
export const NUMBERED_TYPES: Readonly<Record<string, number>> = { SVCB: 64, HTTPS: 65 };

/** A question type's number (`TYPEn` by number, RFC 9460's by NUMBERED_TYPES, the rest dns-packet's; 0 when unknown). */
export function typeNumber(type: string): number {
  const n = /^TYPE(\d+)$/i.exec(type)?.[1];
  if (n) return Number(n);
  return NUMBERED_TYPES[type.toUpperCase()] ?? packetTypes.toType(type.toUpperCase());
}

/** RCODE names by number (0-10). */
export const RCODES: readonly string[] = [
  "NOERROR",
  "FORMERR",
  "SERVFAIL",
  "NXDOMAIN",
  "NOTIMP",
  "REFUSED",
  "YXDOMAIN",
  "YXRRSET",
  "NXRRSET",
  "NOTAUTH",
  "NOTZONE",
];
const OPCODES = ["QUERY", "IQUERY", "STATUS", "OPCODE3", "NOTIFY", "UPDATE"];

/** Rcode name → number (0..15); `RCODE<n>` accepted; unknown names throw. */
export function rcodeNumber(rcode: string): number {
  const i = RCODES.indexOf(rcode.toUpperCase());
  if (i >= 0) return i;
  const m = /^RCODE(\d+)$/i.exec(rcode);
  if (m && Number(m[1]) < 16) return Number(m[1]);
  throw new Error(`unknown rcode ${rcode}`);
}

export function rcodeName(n: number): string {
  return RCODES[n] ?? `RCODE${n}`;
}

export function opcodeNumber(opcode: string): number {
  const i = OPCODES.indexOf(opcode.toUpperCase());
  if (i >= 0) return i;
  const m = /^OPCODE(\d+)$/i.exec(opcode);
  if (m && Number(m[1]) < 16) return Number(m[1]);
  throw new Error(`unknown opcode ${opcode}`);
}

export function opcodeName(n: number): string {
  return OPCODES[n] ?? `OPCODE${n}`;
}
