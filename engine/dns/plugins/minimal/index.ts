/**
 * plugin/minimal (minimal.go): replies that response.Typify classes as NoError lose their authority
 * and additional sections; NXDOMAIN/NODATA/delegations/errors are left alone (code reading).
 */
import type { DnsRequest, Next, PluginFactory } from "../../plugin.js";
import { typify } from "../cache/index.js";
import { maxArgs, noBlock } from "../shared/index.js";

export const minimalPlugin = {
  name: "minimal",
  setup(d, _block, _env) {
    maxArgs(d, 0);
    noBlock(d);
    return {
      name: "minimal",
      serve(req: DnsRequest, next: Next) {
        const r = next(req);
        if (r.kind !== "reply" || typify(r.msg) !== "NoError") return r;
        return { ...r, msg: { ...r.msg, authority: [], additional: [] } };
      },
    };
  },
} satisfies PluginFactory;
