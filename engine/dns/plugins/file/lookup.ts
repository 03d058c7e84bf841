/**
 * plugin/file lookup.go Zone.Lookup and its helpers (wildcard.go, dname.go, closerENTExists,
 * hasDescendant, externalLookup, findDelegation, additionalProcessing) for a query without DNSSEC
 * records in the zone (RRSIG/NSEC handling is not modelled: the parser refuses those types).
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import { isSubdomain } from "../shared/index.js";
import { canonicalCompare, typeOf } from "./tree.js";
import type { Elem, Tree } from "./tree.js";
import { joinLabels, splitLabels } from "./zone.js";
import type { Zone } from "./zone.js";

/** lookup.go Result. */
export type LookupResult = "Success" | "NameError" | "Delegation" | "NoData" | "ServerFailure";

export interface Lookup {
  answer: ResourceRecord[];
  ns: ResourceRecord[];
  extra: ResourceRecord[];
  result: LookupResult;
}

/**
 * plugin/pkg/upstream Lookup through the server's own chain: its reply, undefined when nothing was
 * written (nonwriter.Msg nil), "error" when no server runs (CoreDNS's unit tests).
 */
export type Upstream = (name: string, qtype: string, loop: number) => DnsMessage | "error" | undefined;

const done = (
  answer: ResourceRecord[],
  ns: ResourceRecord[],
  extra: ResourceRecord[],
  result: LookupResult,
) => ({
  answer,
  ns,
  extra,
  result,
});

/** wildcard.go replaceWithAsteriskLabel: `a.b.c.` → `*.b.c.` ("" for a one-label name). */
function asteriskOf(name: string): string {
  const l = splitLabels(name);
  return l.length <= 1 ? "" : `*.${joinLabels(l.slice(1))}`;
}

/** lookup.go hasDescendant: the next name in canonical order is strictly below `name`. */
export function hasDescendant(tr: Tree, name: string): boolean {
  const x = tr.next(name);
  return !!x && canonicalCompare(x.name, name) !== 0 && isSubdomain(name, x.name);
}

/** lookup.go closerENTExists: an empty non-terminal between the wildcard's parent and `qname`. */
function closerEntExists(tr: Tree, qname: string, wildName: string): boolean {
  if (!wildName.startsWith("*.")) return false;
  const parent = wildName.slice(2);
  const labels = splitLabels(qname);
  for (let i = 1; i < labels.length; i++) {
    const name = joinLabels(labels.slice(i));
    if (name === parent || !isSubdomain(parent, name)) return false;
    if (hasDescendant(tr, name)) return true;
  }
  return false;
}

/** dname.go synthesizeCNAME: qname's labels under the DNAME owner moved under its target. */
function synthesizeCname(qname: string, dname: ResourceRecord): ResourceRecord | undefined {
  const target = dname.data.type === "DNAME" ? dname.data.target : "";
  if (!isSubdomain(dname.name, qname) || qname.toLowerCase() === dname.name.toLowerCase()) return undefined;
  const q = splitLabels(qname);
  const keep = q.slice(0, q.length - splitLabels(dname.name).length);
  return {
    name: qname,
    type: "CNAME",
    class: "IN",
    ttl: dname.ttl,
    data: { type: "CNAME", target: joinLabels([...keep, ...splitLabels(target)]) },
  };
}

const cnameTarget = (rr: ResourceRecord) => (rr.data.type === "CNAME" ? rr.data.target : "");

/** Elem.TypeForWildcard: the wildcard's records with `qname` as owner. */
const forWildcard = (e: Elem, type: string, qname: string) =>
  typeOf(e, type).map((r) => ({ ...r, name: qname }));

/** lookup.go delegationFromElem: the NS records of a non-apex element and their glue. */
function delegationFrom(tr: Tree, e: Elem, qname: string, qtype: string) {
  const ns = typeOf(e, "NS");
  if (!ns.length || (qtype === "DS" && e.name === qname)) return undefined;
  return { ns, extra: tr.glue(ns) };
}

export class ZoneLookup {
  constructor(
    private readonly z: Zone,
    private readonly upstream: Upstream,
  ) {}

  private soa = () => (this.z.soa ? [this.z.soa] : []);

  /** Zone.Lookup for `qname` (lower-cased, in the zone) and `qtype`; `loop` counts CNAME re-entries. */
  lookup(qname: string, qtype: string, loop = 0): Lookup {
    const { z } = this;
    const tr = z.tree;
    if (!z.soa) return done([], [], [], "ServerFailure");
    if (qname === z.origin) {
      if (qtype === "SOA") return done([z.soa], z.ns, [], "Success");
      if (qtype === "NS") return done(z.ns, [], tr.glue(z.ns), "Success");
    }
    if (loop > 8) return done([], [], [], "ServerFailure");
    let found = false;
    let shot = false;
    let elem: Elem | undefined;
    let wildElem: Elem | undefined;
    let wildName = "";
    for (let i = 0; ; i++) {
      const p = z.nameFromRight(qname, i);
      shot = p.shot;
      if (shot) break;
      elem = tr.search(p.name);
      found = !!elem;
      if (!elem) {
        const wildcard = asteriskOf(p.name);
        const wild = tr.search(wildcard);
        if (wild) {
          wildElem = wild;
          wildName = wild.name;
        } else if (hasDescendant(tr, wildcard)) {
          wildElem = undefined;
          wildName = wildcard;
        }
        continue;
      }
      const dname = typeOf(elem, "DNAME")[0];
      const cname = dname && synthesizeCname(qname, dname);
      if (dname && cname) {
        if (cname.data.type === "CNAME" && cname.name.toLowerCase() === cname.data.target.toLowerCase())
          return done([], [], [], "ServerFailure");
        const r =
          qtype === "CNAME" ? done([cname], z.ns, [], "Success") : this.external(qtype, [cname], loop + 1);
        return { ...r, answer: [dname, ...r.answer] };
      }
      const d = delegationFrom(tr, elem, qname, qtype);
      if (d) return done([], d.ns, d.extra, "Delegation");
    }
    if (found && elem) {
      const cnames = typeOf(elem, "CNAME");
      if (cnames.length && qtype !== "CNAME") return this.external(qtype, cnames, loop + 1);
      const rrs = typeOf(elem, qtype);
      if (!rrs.length) return done([], this.soa(), [], "NoData");
      return done(rrs, z.ns, this.additional(rrs), "Success");
    }
    if (wildName !== "" && !closerEntExists(tr, qname, wildName)) {
      if (!wildElem) return done([], this.soa(), [], "NoData");
      const cnames = forWildcard(wildElem, "CNAME", qname);
      if (cnames.length && qtype !== "CNAME") return this.external(qtype, cnames, loop + 1);
      const rrs = forWildcard(wildElem, qtype, qname);
      if (!rrs.length) return done([], this.soa(), [], "NoData");
      return done(rrs, z.ns, this.additional(rrs), "Success");
    }
    return done([], this.soa(), [], hasDescendant(tr, qname) ? "Success" : "NameError");
  }

  /** Zone.authority: SOA for negative results, else the apex NS. */
  private authority(result: LookupResult) {
    return result === "NameError" || result === "NoData" ? this.soa() : this.z.ns;
  }

  /**
   * lookup.go externalLookup: follow the CNAME chain inside the zone (giving up after 8 more links
   * with what it has), stopping at a delegation; a target the zone lacks (or an NS/apex-SOA question)
   * is asked upstream with `loop` carried along (dnsserver.LoopKey).
   */
  private external(qtype: string, first: ResourceRecord[], loop: number): Lookup {
    const { z } = this;
    let rrs = [...first];
    let target = cnameTarget(first[0]!);
    let elem = z.tree.search(target);
    for (let i = 0; ;) {
      const d = this.findDelegation(target, qtype, elem);
      if (d) return done(rrs, d.ns, d.extra, "Delegation");
      if (!elem || qtype === "NS" || (qtype === "SOA" && target === z.origin)) {
        const { answer, result } = this.doLookup(target, qtype, loop);
        rrs = [...rrs, ...answer];
        return done(rrs, this.authority(result), this.additional(rrs), result);
      }
      if (i > 8) return done(rrs, z.ns, this.additional(rrs), "Success");
      const cname = typeOf(elem, "CNAME");
      if (!cname.length) {
        rrs = [...rrs, ...typeOf(elem, qtype)];
        return done(rrs, z.ns, this.additional(rrs), "Success");
      }
      rrs = [...rrs, ...cname];
      target = cnameTarget(cname[0]!);
      elem = z.tree.search(target);
      i++;
    }
  }

  /** lookup.go findDelegation: a delegation point between the origin and `qname`. */
  private findDelegation(qname: string, qtype: string, exact: Elem | undefined) {
    const { z } = this;
    for (let i = 1; ; i++) {
      const { name, shot } = z.nameFromRight(qname, i);
      if (shot) return undefined;
      if (name === qname) return exact ? delegationFrom(z.tree, exact, qname, qtype) : undefined;
      const e = z.tree.search(name);
      if (!e) continue;
      const d = delegationFrom(z.tree, e, qname, qtype);
      if (d) return d;
    }
  }

  /** lookup.go doLookup: the upstream's answer and what its rcode means. */
  private doLookup(
    target: string,
    qtype: string,
    loop: number,
  ): { answer: ResourceRecord[]; result: LookupResult } {
    const m = this.upstream(target, qtype, loop);
    if (m === "error") return { answer: [], result: "ServerFailure" };
    if (m === undefined) return { answer: [], result: "Success" };
    if (m.rcode === "NXDOMAIN") return { answer: m.answer, result: "NameError" };
    if (m.rcode === "SERVFAIL") return { answer: m.answer, result: "ServerFailure" };
    if (m.rcode === "NOERROR" && !m.answer.length) return { answer: m.answer, result: "NoData" };
    return { answer: m.answer, result: "Success" };
  }

  /** lookup.go additionalProcessing: A then AAAA of in-zone SRV and MX targets, each target once. */
  private additional(answer: readonly ResourceRecord[]): ResourceRecord[] {
    const seen = new Set<string>();
    const extra: ResourceRecord[] = [];
    for (const rr of answer) {
      const d = rr.data;
      const name = d.type === "SRV" ? d.srv.target : d.type === "MX" ? d.exchange : "";
      if (!name || !isSubdomain(this.z.origin, name)) continue;
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const e = this.z.tree.search(name);
      if (e) extra.push(...typeOf(e, "A"), ...typeOf(e, "AAAA"));
    }
    return extra;
  }
}
