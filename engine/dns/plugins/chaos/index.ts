/**
 * plugin/chaos: `chaos [VERSION] [AUTHORS...]` answers CH-class TXT queries for version.bind /
 * version.server (VERSION, default "CoreDNS-<version>"), authors.bind (one TXT per author) and
 * hostname.bind / id.server (the process hostname) with TTL 0 (chaos.go). Anything else goes on.
 */
import type { ResourceRecord } from "../../message.js";
import type { PluginFactory } from "../../plugin.js";
import { noBlock, replyTo } from "../shared/index.js";

/** The CoreDNS release the model follows (dns-behaviour.md §0). */
export const COREDNS_VERSION = "CoreDNS-1.14.7";
const DEFAULT_AUTHORS = ["Chris O'Haver", "Miek Gieben", "Yong Tang"];

export const chaosPlugin: PluginFactory = {
  name: "chaos",
  setup(d, _block, env) {
    noBlock(d);
    const version = d.args[0] ?? COREDNS_VERSION;
    const authors = d.args.length > 1 ? d.args.slice(1) : DEFAULT_AUTHORS;
    const txt = (name: string, s: string): ResourceRecord => ({
      name,
      type: "TXT",
      class: "CH",
      ttl: 0,
      data: { type: "TXT", strings: [s] },
    });
    return {
      name: "chaos",
      serve(req, next) {
        const q = req.msg.question[0];
        if (!q || q.class !== "CH" || req.qtype !== "TXT") return next(req);
        const m = replyTo(req.msg);
        switch (req.qname.toLowerCase()) {
          case "version.bind.":
          case "version.server.":
            m.answer = [txt(req.qname, version)];
            break;
          case "authors.bind.":
            m.answer = authors.map((a) => txt(req.qname, a));
            break;
          case "hostname.bind.":
          case "id.server.":
            m.answer = [txt(req.qname, env.hostname ?? "coredns")];
            break;
          default:
            return next(req);
        }
        return { kind: "reply", msg: m, by: "chaos" };
      },
    };
  },
};
