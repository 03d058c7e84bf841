/**
 * plugin/file's Zone (zone.go, file.go Parse): the apex (SOA and the origin's NS records, kept out of
 * the tree) and the tree of every other record, filled as Zone.Insert does: owners lower-cased except
 * SRV owners, and NS, SOA, CNAME and MX targets lower-cased.
 */
import type { RData, ResourceRecord, SoaData } from "../../message.js";
import { parseMasterFile } from "./master.js";
import type { ReadFile } from "./master.js";
import { Tree, elemRecords } from "./tree.js";

/** The labels of a name, left to right, escapes kept (`a\.b.c.` is two labels). */
export function splitLabels(name: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === "\\" && i + 1 < name.length) cur += c + name[++i]!;
    else if (c === ".") {
      if (cur) out.push(cur);
      cur = "";
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** dnsutil.Join of labels. */
export const joinLabels = (labels: readonly string[]) => (labels.length ? `${labels.join(".")}.` : ".");

/** A zone file problem CoreDNS reports from Parse (file.go): no SOA, a bad record, NSEC3. */
export class ZoneError extends Error {}

function lowerTargets(d: RData): RData {
  switch (d.type) {
    case "NS":
    case "CNAME":
      return { ...d, target: d.target.toLowerCase() };
    case "MX":
      return { ...d, exchange: d.exchange.toLowerCase() };
    case "SOA":
      return { ...d, soa: { ...d.soa, mname: d.soa.mname.toLowerCase(), rname: d.soa.rname.toLowerCase() } };
    default:
      return d;
  }
}

export class Zone {
  readonly origin: string;
  readonly origLen: number;
  soa: ResourceRecord | undefined;
  ns: ResourceRecord[] = [];
  tree = new Tree();

  constructor(
    origin: string,
    readonly file: string,
  ) {
    this.origin = origin.toLowerCase();
    this.origLen = splitLabels(this.origin).length;
  }

  /** Zone.Insert. */
  insert(r: ResourceRecord): void {
    const rr: ResourceRecord = {
      ...r,
      name: r.type === "SRV" ? r.name : r.name.toLowerCase(),
      data: lowerTargets(r.data),
    };
    if (rr.type === "NS" && rr.name === this.origin) {
      this.ns.push(rr);
      return;
    }
    if (rr.type === "SOA") {
      this.soa = rr;
      return;
    }
    this.tree.insert(rr);
  }

  /** The SOA's data, when the zone has one. */
  soaData(): SoaData | undefined {
    return this.soa?.data.type === "SOA" ? this.soa.data.soa : undefined;
  }

  /**
   * Zone.nameFromRight: the suffix of `qname` with the origin's labels and `i` more; `shot` when
   * `qname` has fewer labels than that.
   */
  nameFromRight(qname: string, i: number): { name: string; shot: boolean } {
    if (i <= 0) return { name: this.origin, shot: false };
    const labels = splitLabels(qname);
    const want = this.origLen + i;
    // dns.PrevLabel overshoots only when asked for more labels than the name has.
    if (want > labels.length) return { name: qname, shot: true };
    return { name: joinLabels(labels.slice(labels.length - want)), shot: false };
  }

  /** Zone.Transfer's AXFR order: SOA, apex NS, every element's records in canonical order, SOA. */
  transferRecords(): ResourceRecord[] | undefined {
    if (!this.soa) return undefined;
    const body = this.tree.all().flatMap(elemRecords);
    return [this.soa, ...this.ns, ...body, this.soa];
  }
}

/**
 * file.go Parse: a zone from a master file for `origin`; the first SOA must be there, NSEC3 records
 * are refused (zone.go Insert), `serial` ≥ 0 equal to the file's SOA serial is "no change".
 */
export function parseZone(text: string, origin: string, file: string, read?: ReadFile): Zone {
  const z = new Zone(origin, file);
  let seenSoa = false;
  for (const rr of parseMasterFile(text, origin, file, read)) {
    if (rr.type === "SOA") seenSoa = true;
    z.insert(rr);
  }
  if (!seenSoa) throw new ZoneError(`file "${file}" has no SOA record for origin ${origin}`);
  return z;
}
