/** DNS replies and resolver walks from the reference engine (the `dns` and `resolve` probes). */
import type { Engine } from "../../../engine/index.js";
import type { DnsObs, ResolveObs } from "../../observation.js";
import { dnsObservation } from "../dns-wire/index.js";
import { TargetError, type ProbeOf } from "../target.js";
import { querySource } from "./sources.js";

/**
 * An IXFR carries the client's SOA serial in its authority section (RFC 1995 §3), which a probe has
 * no way to give: such a probe is skipped with this reason, never judged on a made-up request. AXFR
 * goes through the engine's `transfer` plugin like any other question.
 */
export const TRANSFER_UNSUPPORTED = "IXFR needs the client's SOA serial, which `expect dns` cannot give yet";

export function observeDns(engine: Engine, probe: ProbeOf<"dns">): DnsObs {
  if (probe.qtype === "IXFR")
    throw new TargetError(`expect dns ${probe.qtype}: ${TRANSFER_UNSUPPORTED}`, "unsupported");
  const exchange = engine.dns({
    name: probe.qname,
    type: probe.qtype,
    from: probe.from ? querySource(probe.from) : undefined,
    transport: probe.transport,
    server: probe.server,
    bufsize: probe.bufsize,
    // dig asks an AXFR without RD (BIND 9.18.49 prints `flags: qr aa` for CoreDNS's transfer, whose
    // dns.Msg.SetReply copies RD: runner/targets/kube/fixtures/dig-axfr-coredns.txt), other questions with it.
    recursionDesired: probe.qtype !== "AXFR" && !(probe.flags ?? []).includes("nord"),
    dnssecOk: (probe.flags ?? []).includes("do"),
    ...(probe.class ? { class: probe.class } : {}),
    ...(probe.nsid ? { nsid: true } : {}),
  });
  return dnsObservation(exchange);
}

export function observeResolve(engine: Engine, probe: ProbeOf<"resolve">): ResolveObs {
  const walk = engine.resolve(querySource(probe.from), probe.name, probe.qtype);
  return {
    kind: "resolve",
    libc: walk.libc,
    source: walk.source,
    answer: walk.answer,
    rcode: walk.rcode,
    canonicalName: walk.canonicalName,
    tries: walk.steps.map((s) => ({
      name: s.name,
      type: s.type,
      server: s.server,
      transport: s.transport,
      rcode: s.rcode,
      answers: s.answers,
      elapsedMs: s.elapsedMs,
    })),
    elapsedMs: walk.elapsedMs,
    reasons: walk.reasons,
  };
}
