/**
 * plugin/autopath (autopath.go ServeDNS, cnamer) with `@kubernetes` (plugin/kubernetes/autopath.go
 * AutoPath):
 * - `autopath [ZONE...] RESOLV-CONF`: RESOLV-CONF is `@kubernetes` or a resolv.conf path; only
 *   `/etc/resolv.conf` (CoreDNS's own, from env.hostResolvConf) is modelled besides `@kubernetes`;
 * - with @kubernetes the search path is built per client: only when the block's kubernetes plugin has
 *   `pods verified` and a pod has the client's IP: `<ns>.svc.<zone>`, `svc.<zone>`, `<zone>`, then the
 *   host resolv.conf search domains, then "" (the bare name);
 * - applies only when the qname is under the first search element; the base name is the qname minus
 *   that element; each candidate `base.<search>` goes down the chain; the first answer that is not
 *   NXDOMAIN is returned with a CNAME from the original name to the found owner prepended to the answer
 *   and the original question restored; if all are NXDOMAIN the first reply is returned.
 */
import type { Pod } from "../../../cluster/index.js";
import type { DnsMessage } from "../../message.js";
import type { Directive, DnsRequest, DnsResult, Next, PluginFactory, ServerBlock } from "../../plugin.js";
import { fail, isSubdomain, matchZone, normalizeZone, noBlock } from "../shared/index.js";

/** The block's kubernetes zones and whether it runs `pods verified` (what AutoPath needs from it). */
function kubernetesOf(block: ServerBlock): { zones: string[]; verified: boolean } | undefined {
  const k = block.directives.find((x: Directive) => x.name === "kubernetes");
  if (!k) return undefined;
  const zones = k.args.length ? k.args.map(normalizeZone) : [...block.zones];
  const verified = k.block.some((o) => o.name === "pods" && o.args[0] === "verified");
  return { zones, verified };
}

/** dns.IsSubDomain(searchpath[0], name) (autopath.go firstInSearchPath). */
function firstInSearchPath(name: string, search: string[]): boolean {
  const first = search[0];
  return first !== undefined && isSubdomain(first, name);
}

/** cnamer: CNAME original → first answer owner that differs, prepended; question restored. */
function cnamer(m: DnsMessage, original: string, origQuestion: DnsMessage["question"]): DnsMessage {
  const answer = [...m.answer];
  const other = answer.find((a) => a.name.toLowerCase() !== original.toLowerCase());
  if (other)
    answer.unshift({
      name: original,
      type: "CNAME",
      class: "IN",
      ttl: other.ttl,
      data: { type: "CNAME", target: other.name },
    });
  return { ...m, answer, question: origQuestion };
}

export const autopathPlugin = {
  name: "autopath",
  setup(d, block, env) {
    noBlock(d);
    if (!d.args.length) fail(d, "autopath wants [ZONE...] RESOLV-CONF");
    const source = d.args[d.args.length - 1]!;
    const zones = d.args.length > 1 ? d.args.slice(0, -1).map(normalizeZone) : [...block.zones];
    let searchFor: (req: DnsRequest) => string[];
    if (source === "@kubernetes") {
      const k = kubernetesOf(block);
      if (!k) fail(d, "no kubernetes plugin in this server block for @kubernetes");
      searchFor = (req) => {
        const zone = matchZone(k.zones, req.qname);
        if (!zone || !k.verified) return [];
        const pod: Pod | undefined = env.cluster.podsByIP(req.clientIp)[0];
        if (!pod) return [];
        const ns = pod.metadata.namespace;
        const base = zone === "." ? [`${ns}.svc.`, "svc.", "."] : [`${ns}.svc.${zone}`, `svc.${zone}`, zone];
        return [...base, ...env.hostResolvConf.search.map(normalizeZone), ""];
      };
    } else if (source.startsWith("@")) {
      return fail(d, `unknown plugin for autopath: ${source}`);
    } else {
      if (source !== "/etc/resolv.conf")
        fail(d, `only /etc/resolv.conf can be read in the model, got '${source}'`);
      const search = [...env.hostResolvConf.search.map(normalizeZone), ""];
      searchFor = () => search;
    }
    return {
      name: "autopath",
      serve(req: DnsRequest, next: Next): DnsResult {
        if (!matchZone(zones, req.qname)) return next(req);
        const search = searchFor(req);
        if (!search.length || !firstInSearchPath(req.qname, search)) return next(req);
        const first = normalizeZone(search[0]!);
        const lower = req.qname.toLowerCase();
        // dnsutil.TrimZone: the base is what precedes the first search element.
        const base = lower === first ? "" : req.qname.slice(0, req.qname.length - first.length - 1);
        if (!base)
          return {
            kind: "error",
            rcode: "SERVFAIL",
            by: "autopath",
            notes: ["autopath: could not trim the zone"],
          };
        let firstResult: DnsResult | undefined;
        let elapsed = 0;
        for (const s of search) {
          const qname = s === "" ? `${base}.` : `${base}.${s === "." ? "" : normalizeZone(s)}`;
          const msg: DnsMessage = { ...req.msg, question: [{ ...req.msg.question[0]!, name: qname }] };
          const r = next({ ...req, msg, qname });
          elapsed += r.elapsedMs ?? 0;
          firstResult ??= r;
          if (r.kind !== "reply" || r.msg.rcode === "NXDOMAIN") continue;
          return {
            ...r,
            msg: cnamer(r.msg, req.qname, req.msg.question),
            elapsedMs: elapsed,
            notes: [...(r.notes ?? []), `autopath: answered as ${qname}`],
          };
        }
        const f = firstResult!;
        return f.kind === "reply"
          ? { ...f, msg: { ...f.msg, question: req.msg.question }, elapsedMs: elapsed }
          : { ...f, elapsedMs: elapsed };
      },
    };
  },
} satisfies PluginFactory;
