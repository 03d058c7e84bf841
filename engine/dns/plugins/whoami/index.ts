/**
 * plugin/whoami: authoritative reply with an empty answer and, in the additional section, the client's
 * address (A or AAAA, owner qname) and an SRV `_<proto>.<qname>` whose port is the client's source port
 * and target the root `.`; TTL 0 (CoreDNS 1.14.7 plugin/whoami/whoami.go: `srv.Target = "."`; the real
 * binary agrees, test/coredns-parity/plugins-parity.test.ts).
 */
import type { PluginFactory } from "../../plugin.js";
import { maxArgs, noBlock, replyTo } from "../shared/index.js";

export const whoamiPlugin: PluginFactory = {
  name: "whoami",
  setup(d) {
    maxArgs(d, 0);
    noBlock(d);
    return {
      name: "whoami",
      serve(req) {
        const m = replyTo(req.msg);
        m.flags.aa = true;
        const v6 = req.clientIp.includes(":");
        // whoami.go: every record in the question's class (state.QClass()), CH included.
        const cls = req.msg.question[0]?.class ?? "IN";
        m.additional.push({
          name: req.qname,
          type: v6 ? "AAAA" : "A",
          class: cls,
          ttl: 0,
          data: { type: v6 ? "AAAA" : "A", address: req.clientIp },
        });
        m.additional.push({
          name: `_${req.transport}.${req.qname}`,
          type: "SRV",
          class: cls,
          ttl: 0,
          data: {
            type: "SRV",
            srv: { priority: 0, weight: 0, port: req.clientPort ?? 0, target: "." },
          },
        });
        return { kind: "reply", msg: m, by: "whoami" };
      },
    };
  },
};
