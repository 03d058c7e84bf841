/**
 * plugin/any (RFC 8482): an ANY query is answered with a single HINFO "ANY obsoleted" "See RFC 8482",
 * TTL 8482, owner = qname, in a plain SetReply: no AA (CoreDNS 1.14.7 plugin/any/any.go). Other types
 * pass on.
 */
import type { PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock, replyTo } from "../shared/index.js";

export const anyPlugin: PluginFactory = {
  name: "any",
  setup(d) {
    maxArgs(d, 0);
    noBlock(d);
    return {
      name: "any",
      serve(req, next) {
        if (req.qtype !== "ANY") return next(req);
        const m = replyTo(req.msg);
        m.answer.push({
          name: req.qname,
          type: "HINFO",
          class: "IN",
          ttl: 8482,
          data: { type: "HINFO", cpu: "ANY obsoleted", os: "See RFC 8482" },
        });
        return { kind: "reply", msg: m, by: "any" };
      },
    };
  },
};
