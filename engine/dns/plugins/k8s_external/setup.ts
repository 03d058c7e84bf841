/**
 * plugin/k8s_external's Corefile grammar (CoreDNS 1.14.7 plugin/k8s_external/setup.go parse):
 * `k8s_external [ZONES...] { apex LABEL; ttl SECONDS; headless; fallthrough [ZONES...] }`; defaults
 * apex `dns`, ttl 5, hostmaster `hostmaster` (external.go New).
 */
import type { Directive, ServerBlock } from "../../plugin.js";
import { argErr, failAt, normalizeZone, zonesOrBlock } from "../shared/index.js";

export interface ExternalOptions {
  zones: string[];
  apex: string;
  hostmaster: string;
  ttl: number;
  headless: boolean;
  /** fall.F zones; undefined = no fallthrough. */
  fallthrough?: string[];
}

export function parseExternal(d: Directive, block: ServerBlock): ExternalOptions {
  const o: ExternalOptions = {
    zones: zonesOrBlock(d.args, block.zones),
    apex: "dns",
    hostmaster: "hostmaster",
    ttl: 5,
    headless: false,
  };
  for (const line of d.block) {
    switch (line.name) {
      case "ttl": {
        const t = line.args[0];
        if (t === undefined) argErr(d, line);
        // strconv.Atoi's own error comes back as is.
        if (!/^[+-]?\d+$/.test(t)) failAt(d, line, `strconv.Atoi: parsing "${t}": invalid syntax`);
        const n = Number(t);
        if (n < 0 || n > 3600) failAt(d, line, `ttl must be in range [0, 3600]: ${n}`);
        o.ttl = n;
        break;
      }
      case "apex":
        if (!line.args[0]) argErr(d, line);
        o.apex = line.args[0]!;
        break;
      case "headless":
        o.headless = true;
        break;
      case "fallthrough":
        o.fallthrough = line.args.length ? line.args.map(normalizeZone) : ["."];
        break;
      default:
        failAt(d, line, `unknown property '${line.name}'`);
    }
  }
  return o;
}
