/**
 * plugin/nsid (CoreDNS 1.14.7 plugin/nsid): `nsid [DATA...]` (default: the hostname; several words are
 * joined by spaces, setup.go nsidParse) adds an RFC 5001 NSID option holding DATA to every reply
 * written for a query that carries an (empty) NSID option. A reply without OPT gets one first, sized
 * as the request's with DO set (nsid.go ResponseWriter.WriteMsg: SetEdns0(UDPSize, true)).
 */
import type { PluginFactory } from "../../plugin.js";
import { noBlock, onlyOnce } from "../shared/index.js";

/** dns.EDNS0NSID. */
export const NSID_OPTION = 3;

export const nsidPlugin: PluginFactory = {
  name: "nsid",
  setup(d, block, env) {
    onlyOnce(d, block);
    noBlock(d);
    const data = new TextEncoder().encode(d.args.length ? d.args.join(" ") : (env.hostname ?? "coredns"));
    return {
      name: "nsid",
      serve(req, next) {
        const asked = req.msg.edns?.options.some((o) => o.code === NSID_OPTION);
        const r = next(req);
        if (!asked || r.kind !== "reply") return r;
        const edns = r.msg.edns ?? { udpSize: req.msg.edns!.udpSize, do: true, options: [] };
        // An NSID option already in the reply is overwritten in place, else one is appended.
        const options = edns.options.some((o) => o.code === NSID_OPTION)
          ? edns.options.map((o) => (o.code === NSID_OPTION ? { code: NSID_OPTION, data } : o))
          : [...edns.options, { code: NSID_OPTION, data }];
        return { ...r, msg: { ...r.msg, edns: { ...edns, options } } };
      },
    };
  },
};
