/**
 * plugin/minimal (minimal.go ServeDNS): replies that response.Typify classes as NoError lose their
 * authority and additional sections; NXDOMAIN/NODATA/delegations/errors are left alone. A later
 * plugin that returns an rcode without writing a reply and without a Go error (file's REFUSED for a
 * transfer, ...) leaves the nonwriter's Msg nil: minimal writes that nil message, the write panics,
 * and the server's recover answers SERVFAIL (core/dnsserver/server.go ServeDNS), as CoreDNS 1.14.7
 * does on the wire (found by difftest --corefiles, case 1:72).
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
        if (r.kind === "error" && !r.goError)
          return {
            kind: "error",
            rcode: "SERVFAIL",
            by: "minimal",
            notes: [
              ...(r.notes ?? []),
              `plugin/${r.by} returned ${r.rcode} unwritten: minimal writes a nil message, the server recovers from the panic with SERVFAIL`,
            ],
          };
        if (r.kind !== "reply" || typify(r.msg) !== "NoError") return r;
        return { ...r, msg: { ...r.msg, authority: [], additional: [] } };
      },
    };
  },
} satisfies PluginFactory;
