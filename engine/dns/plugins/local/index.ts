/**
 * plugin/local (local.go): standard answers for localhost and the local reverse zones, TTL 604800.
 * - `<x>.localhost.` and (unless `disable_localhost_prefix`) `localhost.<x>` → A 127.0.0.1 / AAAA ::1,
 *   other types NODATA with an SOA for the qname;
 * - zones localhost., 0/127/255.in-addr.arpa.: apex A/AAAA (localhost. only), SOA, NS; other types
 *   NODATA; `1.0.0.127.in-addr.arpa. PTR localhost.`; every other name NXDOMAIN with the zone SOA.
 */
import type { ResourceRecord } from "../../message.js";
import type { DnsRequest, Next, PluginFactory } from "../../plugin.js";
import { exactArgs, matchZone, maxArgs, replyTo, unknownOption } from "../shared/index.js";

const TTL = 604800;
const ZONES = ["localhost.", "0.in-addr.arpa.", "127.in-addr.arpa.", "255.in-addr.arpa."];

function soa(origin: string): ResourceRecord {
  return {
    name: origin,
    type: "SOA",
    class: "IN",
    ttl: TTL,
    data: {
      type: "SOA",
      soa: {
        mname: "localhost.",
        rname: "root.localhost.",
        serial: 1,
        refresh: 0,
        retry: 0,
        expire: 0,
        minimum: TTL,
      },
    },
  };
}

function addr(name: string, type: "A" | "AAAA"): ResourceRecord {
  return { name, type, class: "IN", ttl: TTL, data: { type, address: type === "A" ? "127.0.0.1" : "::1" } };
}

export const localPlugin = {
  name: "local",
  setup(d, _block, _env) {
    maxArgs(d, 0);
    let disablePrefix = false;
    for (const o of d.block) {
      if (o.name !== "disable_localhost_prefix") unknownOption("local", o);
      exactArgs(o, 0, "local");
      disablePrefix = true;
    }
    return {
      name: "local",
      serve(req: DnsRequest, next: Next) {
        const qname = req.qname;
        const name = qname.toLowerCase();
        const lc = "localhost.".length;
        const m = replyTo(req.msg);
        if (
          name.length > lc &&
          (name.endsWith(".localhost.") || (!disablePrefix && name.startsWith("localhost.")))
        ) {
          if (req.qtype === "A" || req.qtype === "AAAA") m.answer = [addr(qname, req.qtype)];
          else m.authority = [soa(qname)];
          return { kind: "reply" as const, msg: m, by: "local" };
        }
        const z = matchZone(ZONES, name);
        if (!z) return next(req);
        const zone = qname.slice(qname.length - z.length);
        if (ZONES.includes(name)) {
          if ((req.qtype === "A" || req.qtype === "AAAA") && name === "localhost.")
            m.answer = [addr(qname, req.qtype)];
          else if (req.qtype === "SOA") m.answer = [soa(qname)];
          else if (req.qtype === "NS")
            m.answer = [
              { name: qname, type: "NS", class: "IN", ttl: TTL, data: { type: "NS", target: "localhost." } },
            ];
          else m.authority = [soa(qname)];
        } else if (name === "1.0.0.127.in-addr.arpa.") {
          if (req.qtype === "PTR")
            m.answer = [
              {
                name: qname,
                type: "PTR",
                class: "IN",
                ttl: TTL,
                data: { type: "PTR", target: "localhost." },
              },
            ];
          else m.authority = [soa(zone)];
        }
        if (!m.answer.length && !m.authority.length) {
          m.authority = [soa(zone)];
          m.rcode = "NXDOMAIN";
        }
        return { kind: "reply" as const, msg: m, by: "local" };
      },
    };
  },
} satisfies PluginFactory;
