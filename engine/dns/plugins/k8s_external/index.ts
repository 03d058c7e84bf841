/**
 * plugin/k8s_external (CoreDNS 1.14.7 plugin/k8s_external/external.go ServeDNS, apex.go): names
 * `service.namespace.<zone>` (and `endpoint.service...` / `_port._proto.service...`) answer with a
 * service's external addresses (spec.externalIPs and load balancer ingress) from the block's
 * kubernetes plugin; the zone apex holds SOA and NS `ns1.<apex>.<zone>`, whose address records are
 * the externally reachable addresses of CoreDNS's own service. Every reply is authoritative and a
 * negative one carries the plugin's SOA. Without a kubernetes plugin in the block, CoreDNS does not
 * start (setup.go OnStartup: "kubernetes plugin not loaded").
 */
import type { DnsMessage } from "../../message.js";
import type { DnsRequest, DnsResult, Next, PluginEnv, PluginFactory, ServerBlock } from "../../plugin.js";
import { clientOf, isSubdomain, matchZone, newWithQuestion, replyTo } from "../shared/index.js";
import { kubernetesOf } from "../kubernetes/index.js";
import type { ExternalSource } from "../kubernetes/index.js";
import { address, addresses, joinNames, ns, ptr, soa, srv } from "./records.js";
import type { Upstream } from "./records.js";
import { parseExternal } from "./setup.js";
import type { ExternalOptions } from "./setup.js";

/** Labels of a name, without the root (dns.CountLabel). */
const countLabels = (n: string) => n.split(".").filter((l) => l !== "").length;

class External {
  readonly name = "k8s_external";
  constructor(
    private readonly o: ExternalOptions,
    private readonly block: ServerBlock,
    private readonly env: PluginEnv,
  ) {}

  startup(): { fatal?: string } {
    return this.source() ? {} : { fatal: "plugin/k8s_external: kubernetes plugin not loaded" };
  }

  private source(): ExternalSource | undefined {
    return kubernetesOf(this.block)?.externals;
  }

  serve(req: DnsRequest, next: Next): DnsResult {
    const name = req.qname.toLowerCase();
    const zone = matchZone(this.o.zones, name);
    const src = this.source();
    if (zone === undefined || !src) return next(req);
    for (const z of this.o.zones) {
      if (name === z) return this.apex(req, zone, src);
      if (isSubdomain(`${this.o.apex}.${z}`, name)) return this.subApex(req, name, zone, src);
    }
    const { services, rcode } = src.external(name, zone, req.qtype, this.o.headless);
    const m = replyTo(req.msg);
    m.flags.aa = true;
    const negative = [soa(this.o, zone, src.serial())];
    if (!services.length) {
      if (rcode === "NXDOMAIN" && this.o.fallthrough?.some((f) => isSubdomain(f, name))) return next(req);
      m.rcode = rcode;
      m.authority = negative;
      return this.reply(m, `k8s_external: ${rcode} for ${name}`);
    }
    const upstream = this.upstream(req);
    switch (req.qtype) {
      case "A":
      case "AAAA": {
        const r = addresses(this.o, services, req.qname, req.qtype, upstream);
        m.answer = r.records;
        m.flags.tc = r.truncated;
        break;
      }
      case "SRV": {
        const r = srv(this.o, services, req.qname, upstream);
        m.answer = r.records;
        m.additional = r.extra;
        break;
      }
      case "PTR":
        m.answer = ptr(this.o, services, req.qname);
        break;
      default:
        m.authority = negative;
    }
    if (!m.answer.length) m.authority = negative;
    return this.reply(m, `k8s_external: ${services.length} external address entries`);
  }

  /** apex.go serveApex: SOA, NS with ns1.<apex>.<qname> glue, else NODATA. */
  private apex(req: DnsRequest, zone: string, src: ExternalSource): DnsResult {
    const m = replyTo(req.msg);
    m.flags.aa = true;
    if (req.qtype === "SOA") m.answer = [soa(this.o, zone, src.serial())];
    else if (req.qtype === "NS") {
      m.answer = [ns(this.o, zone)];
      const glue = joinNames("ns1", this.o.apex, req.qname);
      m.additional = src.externalAddress(zone, this.o.headless).map((a) => address(glue, a.ip, this.o.ttl));
    } else m.authority = [soa(this.o, zone, src.serial())];
    return this.reply(m, "k8s_external: zone apex");
  }

  /** apex.go serveSubApex: only ns1.<apex>.<zone> has (address) records; <apex>.<zone> is NODATA. */
  private subApex(req: DnsRequest, name: string, zone: string, src: ExternalSource): DnsResult {
    const m = replyTo(req.msg);
    m.flags.aa = true;
    const base = zone === "." ? name : name.slice(0, name.length - zone.length);
    const labels = countLabels(base);
    const negative = [soa(this.o, zone, src.serial())];
    if (labels === 1) {
      m.authority = negative;
      return this.reply(m, "k8s_external: apex label");
    }
    if (labels !== 2 || !base.startsWith("ns1.")) {
      m.rcode = "NXDOMAIN";
      m.authority = negative;
      return this.reply(m, "k8s_external: no such name under the apex label");
    }
    for (const a of src.externalAddress(zone, this.o.headless)) {
      const rr = address(req.qname, a.ip, this.o.ttl);
      if (rr.type === req.qtype) m.answer.push(rr);
    }
    if (!m.answer.length) m.authority = negative;
    return this.reply(m, "k8s_external: nameserver address");
  }

  /** plugin/pkg/upstream Lookup: the question re-asked through the server's own chain. */
  private upstream(req: DnsRequest): Upstream {
    return (target, qtype) => {
      const q = newWithQuestion(req.msg, target, qtype);
      const r = this.env.selfQuery(q, clientOf(req));
      return r.kind === "reply" ? r.msg : undefined;
    };
  }

  private reply(m: DnsMessage, note: string): DnsResult {
    return { kind: "reply", msg: m, by: this.name, notes: [note] };
  }
}

export const k8sExternalPlugin: PluginFactory = {
  name: "k8s_external",
  setup(d, block, env) {
    return new External(parseExternal(d, block), block, env);
  },
};
