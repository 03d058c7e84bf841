/**
 * Names between the engine and the wire. Inside the engine a name is its presentation form as
 * miekg/dns gives it to CoreDNS (msg.go `UnpackDomainName`): a FQDN with the trailing dot, printable
 * ASCII kept as it came (case included), the bytes `. space ' @ ; ( ) " \` escaped with a backslash
 * and every other byte written `\DDD`. So a label holding a `.` byte is `a\.b`, a 0xff byte `\255`,
 * and the reply echoes the query's bytes exactly.
 */
import { WireError } from "./wire-error.js";

/** `example.com` / `example.com.` → `example.com.`; root stays `.`. */
export function toFqdn(name: string): string {
  if (name === "" || name === ".") return ".";
  return name.endsWith(".") && !escapedAt(name, name.length - 1) ? name : `${name}.`;
}

/** `example.com.` → `example.com`; root → `.` (dns-packet's spelling of the root). */
export function toPacketName(name: string): string {
  if (name === "" || name === ".") return ".";
  return name.endsWith(".") && !escapedAt(name, name.length - 1) ? name.slice(0, -1) : name;
}

/** Whether the character at `i` is escaped (an odd run of backslashes before it). */
function escapedAt(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s.charCodeAt(j) === 0x5c; j--) n++;
  return n % 2 === 1;
}

/** One label as it goes on the wire, and the presentation suffix from it on (compression key). */
export interface WireLabel {
  bytes: Uint8Array;
  suffix: string;
}

/**
 * The labels of a name in wire bytes, root = []. Mirrors miekg/dns msg.go `packDomainName`: an
 * unescaped `.` ends a label, `\DDD` is one byte (value taken modulo 256, as `dddToByte` does), `\X`
 * is X, other characters are their UTF-8 bytes; empty labels are refused.
 */
export function wireLabels(name: string): WireLabel[] {
  if (name === "" || name === ".") return [];
  const fq = toFqdn(name);
  if (!fq.includes("\\")) return plainLabels(fq);
  const out: WireLabel[] = [];
  let bytes: number[] = [];
  let start = 0;
  for (let i = 0; i < fq.length; i++) {
    const c = fq.charCodeAt(i);
    if (c === 0x5c) {
      if (i + 1 >= fq.length) throw new WireError(`dangling escape in ${JSON.stringify(name)}`, true);
      if (/^[0-9]{3}/.test(fq.slice(i + 1, i + 4))) {
        bytes.push(Number(fq.slice(i + 1, i + 4)) & 0xff);
        i += 3;
      } else {
        bytes.push(...Buffer.from(fq[i + 1]!, "utf-8"));
        i += 1;
      }
    } else if (c === 0x2e) {
      if (bytes.length === 0) throw new WireError(`empty label in ${JSON.stringify(name)}`, true);
      out.push({ bytes: Uint8Array.from(bytes), suffix: fq.slice(start) });
      bytes = [];
      start = i + 1;
    } else {
      bytes.push(...Buffer.from(fq[i]!, "utf-8"));
    }
  }
  return out;
}

function plainLabels(fq: string): WireLabel[] {
  const out: WireLabel[] = [];
  let start = 0;
  for (const label of fq.slice(0, -1).split(".")) {
    if (label === "") throw new WireError(`empty label in ${JSON.stringify(fq)}`, true);
    out.push({ bytes: Buffer.from(label, "utf-8"), suffix: fq.slice(start) });
    start += label.length + 1;
  }
  return out;
}

/** Labels of an FQDN in presentation form (escapes kept, split at unescaped dots), root = []. */
export function labelsOf(name: string): string[] {
  const n = toPacketName(name);
  if (n === ".") return [];
  if (!n.includes("\\")) return n.split(".");
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < n.length; i++) {
    if (n.charCodeAt(i) === 0x5c) i++;
    else if (n.charCodeAt(i) === 0x2e) {
      out.push(n.slice(start, i));
      start = i + 1;
    }
  }
  out.push(n.slice(start));
  return out;
}

/** miekg/dns msg.go `isDomainNameLabelSpecial`: bytes written with a backslash before them. */
function special(b: number): boolean {
  return (
    b === 0x2e ||
    b === 0x20 ||
    b === 0x27 ||
    b === 0x40 ||
    b === 0x3b ||
    b === 0x28 ||
    b === 0x29 ||
    b === 0x22 ||
    b === 0x5c
  );
}

/** One wire label in presentation form (miekg/dns `UnpackDomainName`'s loop over its bytes). */
export function presentLabel(buf: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (special(b)) s += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) s += `\\${String(b).padStart(3, "0")}`;
    else s += String.fromCharCode(b);
  }
  return s;
}
