/**
 * The kubernetes plugin's ServeDNS, after CoreDNS plugin/kubernetes/handler.go: pick the longest
 * plugin zone, dispatch on qtype, decide NXDOMAIN (name error, maybe fallthrough) vs NODATA, and
 * write authoritative replies with the zone SOA in the authority section of every negative answer.
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { DnsRequest, DnsResult, Next, Plugin, PluginEnv } from "../../plugin.js";
import { matchZone, replyTo } from "../shared/index.js";
import { Backend } from "./backend.js";
import type { State } from "./backend.js";
import { ExternalSource } from "./external.js";
import { addressLike, capture, cnameLookup, nsLookup, ptrLookup, soaRecord, srvLookup } from "./lookup.js";
import type { Lookup } from "./lookup.js";
import { fallsThrough } from "./options.js";
import type { TransferStream } from "../transfer/index.js";
import { kubernetesTransfer } from "./xfr.js";
import type { KubernetesOptions } from "./options.js";

/** What a lookup found: undefined records = the name does not exist. */
interface Answer {
  records?: ResourceRecord[];
  extra?: ResourceRecord[];
  truncated?: boolean;
}

export class KubernetesPlugin implements Plugin {
  readonly name = "kubernetes";
  private readonly backend: Backend;
  /** The Externaler side k8s_external reads (external.go). */
  readonly externals: ExternalSource;

  constructor(
    private readonly o: KubernetesOptions,
    private readonly env: PluginEnv,
  ) {
    this.backend = new Backend(env.cluster, o, env.selfAddresses, env.nameserverAddresses);
    this.externals = new ExternalSource(env.cluster, o, this.backend, () => this.backend.localIPs());
  }

  serve(req: DnsRequest, next: Next): DnsResult {
    const qname = req.qname;
    const name = qname.toLowerCase();
    const matched = matchZone(this.o.zones, name);
    if (matched === undefined) return next(req);
    // handler.go: zone = qname[len(qname)-len(zone):] keeps the query's case.
    const zone = matched === "." ? "." : qname.slice(qname.length - matched.length);
    const st: State = { qname, name, qtype: req.qtype, zone };
    if (req.qtype === "AXFR" || req.qtype === "IXFR")
      return {
        kind: "error",
        rcode: "REFUSED",
        by: this.name,
        notes: ["zone transfer is the transfer plugin's job"],
      };
    const { records, extra = [], truncated = false } = this.lookup(req, st) ?? {};
    if (records === undefined) {
      if (fallsThrough(this.o, name)) {
        const r = next(req);
        return {
          ...r,
          notes: [...(r.notes ?? []), `kubernetes: ${qname} is NXDOMAIN in ${zone}, fallthrough`],
        };
      }
      return this.negative(req.msg, zone, "NXDOMAIN");
    }
    if (records.length === 0) return this.negative(req.msg, zone, "NOERROR");
    // miekg/dns refuses to pack a name with an empty label (reverse.go's PTR for a slice without
    // the service-name label): WriteMsg fails and CoreDNS sends nothing.
    if (records.some((r) => r.data.type === "PTR" && r.data.target.includes("..")))
      return {
        kind: "drop",
        by: this.name,
        notes: ["PTR target with an empty label: the reply cannot be packed"],
      };
    const m = replyTo(req.msg);
    m.flags.aa = true;
    m.flags.tc = truncated;
    m.answer = records;
    m.additional = extra;
    return { kind: "reply", msg: m, by: this.name };
  }

  /**
   * handler.go's switch on qtype: the records for the name (undefined: the name does not exist,
   * [] : it exists without records of that type), with additional records and truncation.
   */
  private lookup(req: DnsRequest, st: State): Answer | undefined {
    const b = this.backend;
    const up: Lookup = { upstream: (s, target, qtype) => this.upstream(req.msg, s, target, qtype) };
    switch (req.qtype) {
      case "A":
      case "AAAA":
      case "TXT":
        return addressLike(b, up, st.zone, st, []);
      case "CNAME":
        return { records: cnameLookup(b, st) };
      case "PTR":
        return { records: ptrLookup(b, st) };
      case "MX":
        // backend_lookup.go MX keeps only mail entries, which kubernetes never produces.
        return { records: b.services(st) === undefined ? undefined : [] };
      case "SRV":
        return srvLookup(b, st);
      case "SOA":
        return {
          records: st.qname === st.zone ? [soaRecord(st.zone, this.o.ttl, this.backend.serial(st.zone))] : [],
        };
      default: {
        // handler.go compares the lower-cased name with the case-preserved zone (upstream quirk).
        if (req.qtype === "NS" && st.name === st.zone) return nsLookup(b, st);
        // A fake A lookup only to tell NXDOMAIN from NODATA.
        const r = addressLike(b, up, st.zone, { ...st, qtype: "A" }, []);
        return { records: r === undefined ? undefined : [] };
      }
    }
  }

  /** xfr.go Transfer: the zone for the transfer plugin (xfr.ts). */
  transfer(zone: string, serial: number): TransferStream {
    return kubernetesTransfer(this.backend, this.o, this.backend.serial(zone), zone, serial);
  }

  /** plugin.BackendError: authoritative reply with the zone SOA in authority. */
  private negative(q: DnsMessage, zone: string, rcode: "NXDOMAIN" | "NOERROR"): DnsResult {
    const m = replyTo(q, rcode);
    m.flags.aa = true;
    m.authority = [soaRecord(zone, this.o.ttl, this.backend.serial(zone))];
    return { kind: "reply", msg: m, by: this.name, notes: [rcode === "NXDOMAIN" ? "NXDOMAIN" : "NODATA"] };
  }

  /** plugin/pkg/upstream Lookup: a fresh RD query through the server's own chain, sized like the original. */
  private upstream(orig: DnsMessage, st: State, target: string, qtype: string): DnsMessage | undefined {
    const lower = target.toLowerCase();
    // upstream.go refuses a lookup of a name the query sits under (loop).
    if (st.name === lower || st.name.endsWith(`.${lower}`)) return undefined;
    const q: DnsMessage = {
      id: orig.id,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: orig.flags.ad, cd: orig.flags.cd },
      question: [{ name: target, type: qtype, class: "IN" }],
      answer: [],
      authority: [],
      additional: [],
    };
    if (orig.edns) q.edns = { udpSize: orig.edns.udpSize, do: orig.edns.do, options: [] };
    return capture(this.env.selfQuery(q), q);
  }
}
