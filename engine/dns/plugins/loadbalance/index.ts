/**
 * plugin/loadbalance: `loadbalance [round_robin | weighted FILE ... | prefer CIDR...]`. Wraps the reply
 * written downstream: only NOERROR replies, never AXFR/IXFR; answer, authority and additional are each
 * reordered (loadbalance.go WriteMsg). `weighted` needs a weight file the model cannot read → error.
 */
import type { DnsRequest, Next, PluginFactory } from "../../plugin.js";
import { fail, noBlock } from "../shared/index.js";
import { parseCidr, preferSubnets } from "./prefer.js";
import type { Cidr } from "./prefer.js";
import { roundRobin } from "./shuffle.js";

export const loadbalancePlugin = {
  name: "loadbalance",
  setup(d, _block, env) {
    const policy = d.args[0] ?? "round_robin";
    const rng = env.rng.fork(`loadbalance:${d.line}`);
    let cidrs: Cidr[] | undefined;
    if (policy === "round_robin") {
      if (d.args.length > 1) fail(d, "round_robin takes no arguments");
      noBlock(d);
    } else if (policy === "prefer") {
      if (d.args.length < 2) fail(d, "prefer needs at least one CIDR");
      noBlock(d);
      cidrs = d.args.slice(1).map((t) => parseCidr(t) ?? fail(d, `invalid CIDR '${t}'`));
    } else if (policy === "weighted") {
      fail(d, "weighted policy needs a weight file, which the model cannot read");
    } else {
      fail(d, `unknown policy: ${policy}`);
    }
    return {
      name: "loadbalance",
      serve(req: DnsRequest, next: Next) {
        const r = next(req);
        if (r.kind !== "reply" || r.msg.rcode !== "NOERROR") return r;
        const qt = r.msg.question[0]?.type;
        if (qt === "AXFR" || qt === "IXFR") return r;
        const reorder = cidrs
          ? (rrs: typeof r.msg.answer) => preferSubnets(rrs, cidrs)
          : (rrs: typeof r.msg.answer) => roundRobin(rrs, rng);
        return {
          ...r,
          msg: {
            ...r.msg,
            answer: reorder(r.msg.answer),
            authority: reorder(r.msg.authority),
            additional: reorder(r.msg.additional),
          },
        };
      },
    };
  },
} satisfies PluginFactory;
