/**
 * plugin/bind (CoreDNS 1.14.7 plugin/bind/setup.go): `bind ADDRESS|IFACE... { except ADDRESS|IFACE... }`
 * restricts the addresses a server block listens on. Parsed and validated with CoreDNS's messages.
 *
 * What the model does with it: nothing. A query reaching the model carries no destination address
 * (the CoreDNS pod's addresses and the DNS Service's all land on the same chain), so a block is never
 * skipped for binding elsewhere; `netspec serve` listens on its `--listen` address whatever bind says.
 * Interface names are those of a CoreDNS pod: `lo` and `eth0` (setup.go listIP resolves names
 * against net.Interfaces(); anything else that is not an IP fails as it does there).
 */
import { isIPv4, isIPv6 } from "../../../net/index.js";
import type { Directive, PluginFactory } from "../../plugin.js";
import { failAt } from "../shared/index.js";

/** The interfaces of a CoreDNS pod's network namespace. */
const POD_INTERFACES = new Set(["lo", "eth0"]);

function check(d: Directive, at: Directive, args: readonly string[]): void {
  for (const a of args) {
    // listIP: an interface name first, then net.ParseIP (an IPv6 zone is not an IP there).
    if (POD_INTERFACES.has(a) || isIPv4(a) || isIPv6(a)) continue;
    failAt(d, at, `not a valid IP address or interface name: "${a}"`);
  }
}

export const bindPlugin: PluginFactory = {
  name: "bind",
  setup(d) {
    if (!d.args.length) failAt(d, d, "at least one address or interface name is expected");
    let except: string[] = [];
    for (const line of d.block) {
      if (line.name !== "except") failAt(d, line, `invalid option "${line.name}"`);
      if (!line.args.length)
        failAt(d, line, "at least one address or interface must be given to except subdirective");
      // `b.except = c.RemainingArgs()`: the last except line wins.
      except = line.args;
    }
    check(d, d, d.args);
    check(d, d, except);
    const hosts = d.args.filter((a) => !except.includes(a));
    return { name: "bind", listenHosts: hosts, serve: (req, next) => next(req) };
  },
};
