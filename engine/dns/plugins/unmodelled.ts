/**
 * The plugins of CoreDNS's plugin.cfg the reference engine has no port of, and what a spec can use
 * instead. A Corefile naming one is refused with CorefileUnmodelled (the reference target skips the
 * suite; real CoreDNS still runs it on real targets).
 */
import { CorefileUnmodelled } from "../plugin.js";
import type { Directive } from "../plugin.js";

/** What to use instead, where the model has something close. */
const INSTEAD: Record<string, string> = {
  auto: "serve the zone files with `file`",
  secondary: "serve the zone with `file`",
  dnssec: "leave DNSSEC signing out of the spec",
  sign: "leave DNSSEC signing out of the spec",
  etcd: "serve the records with `hosts` or `template`",
  grpc: "use `forward` to reach an upstream",
  erratic: "use the netspec faults (dns-drop, upstream faults) to model failures",
  dnstap: "use `log` to see queries",
  trace: "use `log` to see queries",
};

/** The error for directive `d`, a plugin.cfg name without a factory. */
export function notModelled(d: Directive): CorefileUnmodelled {
  const instead = INSTEAD[d.name];
  return new CorefileUnmodelled(
    `plugin/${d.name} is not modelled by the reference engine yet: the reference target skips this suite, real CoreDNS runs it on real targets${instead ? ` (or ${instead})` : ""}`,
    d.line,
  );
}

/** A mode of a ported plugin the model does not cover (rewrite's edns0 rules, ...). */
export function modeNotModelled(d: Directive, what: string): CorefileUnmodelled {
  return new CorefileUnmodelled(
    `plugin/${d.name}: ${what} is not modelled by the reference engine yet: the reference target skips this suite, real CoreDNS runs it on real targets`,
    d.line,
  );
}
