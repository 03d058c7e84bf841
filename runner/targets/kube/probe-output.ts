/**
 * Parsers for what probes print inside real pods:
 * - `dig +search +showsearch NAME TYPE` prints one reply block per name it tries (dig walks the pod's
 *   resolv.conf search list with the same ndots rule glibc uses): the tries of a resolver walk;
 * - `agnhost connect HOST:PORT` exits 0 on success and prints TIMEOUT / REFUSED / OTHER otherwise
 *   (kubernetes test/images/agnhost/connect), the verdict of a connect probe.
 */
import type { ConnectObs, ResolveObs } from "../../observation.js";
import { parseDig } from "./dig-output.js";

export function parseDigSearch(text: string, type: string): ResolveObs {
  // Each attempt starts with dig's header line; the first block may carry the banner.
  const blocks = text.split(/(?=^;; ->>HEADER<<-)/m).filter((b) => /->>HEADER<<-/.test(b));
  const tries = blocks.map((b) => {
    const o = parseDig(b);
    return {
      name: o.question[0]?.name ?? "",
      type,
      server: o.server,
      transport: o.transport,
      rcode: o.rcode,
      answers: o.answer.length,
      elapsedMs: o.elapsedMs,
    };
  });
  const last = blocks.length ? parseDig(blocks[blocks.length - 1]!) : undefined;
  const addresses = (last?.answer ?? [])
    .filter((r) => r.type === "A" || r.type === "AAAA")
    .map((r) => r.data);
  const timedOut = /connection timed out; no servers could be reached/.test(text) && blocks.length === 0;
  let rcode = timedOut ? "TIMEOUT" : (last?.rcode ?? "NXDOMAIN");
  if (rcode === "NOERROR" && addresses.length === 0) rcode = "NODATA";
  return {
    kind: "resolve",
    libc: "dig +search",
    source: addresses.length ? "dns" : "none",
    answer: addresses,
    rcode,
    ...(addresses.length
      ? { canonicalName: last!.answer.find((r) => r.type === "A" || r.type === "AAAA")!.name }
      : {}),
    tries,
    elapsedMs: tries.reduce((t, x) => t + x.elapsedMs, 0),
    reasons: ["walk observed with dig +search +showsearch (dig's search rules, not the pod's libc)"],
  };
}

export function parseAgnhostConnect(code: number, output: string): ConnectObs["verdict"] {
  if (code === 0) return "allowed";
  if (/REFUSED/.test(output)) return "refused";
  if (/TIMEOUT/.test(output)) return "timeout";
  // A NetworkPolicy drop looks like a timeout from inside the pod; anything else is an error.
  return "timeout";
}
