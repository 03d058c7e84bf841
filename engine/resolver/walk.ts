/**
 * Stub-resolver walks: /etc/hosts first, then the search list, exactly as glibc and musl decide which
 * names to query and when to stop (dns-behaviour.md §13). Every query actually sent is recorded, so a
 * failure can show the whole walk.
 *
 * glibc: resolv/res_query.c __res_context_search (search order, what continues the walk) and
 *        resolv/res_send.c (server order, per-try timeouts, SERVFAIL → next server, TC → TCP).
 * musl:  src/network/lookup_name.c name_from_dns_search / name_from_dns and res_msend.c (all servers
 *        at once, first NOERROR/NXDOMAIN wins, NODATA and SERVFAIL stop the search).
 */
import { lookupHosts } from "./hosts.js";
import { resolverOptions } from "./resolv-conf.js";
import type { ResolveWalk } from "./types.js";
import { Walker, type ResolveRequest, type StepOutcome } from "./walker.js";

export type { DnsMessage, ResolveRequest, SendQuery } from "./walker.js";

function join(name: string, domain: string): string {
  const d = domain.replace(/\.$/, "");
  return d === "" ? `${name}.` : `${name}.${d}.`;
}

export function resolveName(req: ResolveRequest): ResolveWalk {
  const opts = resolverOptions(req.conf, req.libc);
  const fromHosts = lookupHosts(req.hosts, req.name, req.type);
  if (fromHosts.length > 0) {
    return {
      libc: req.libc,
      source: "hosts",
      answer: fromHosts,
      rcode: "NOERROR",
      canonicalName: req.name.endsWith(".") ? req.name : `${req.name}.`,
      steps: [],
      elapsedMs: 0,
      reasons: ["found in /etc/hosts (the files backend is consulted before DNS)"],
    };
  }
  const w = new Walker(req, opts);
  if (req.conf.nameservers.length === 0) {
    w.reasons.push("no nameserver in resolv.conf");
    return finish(req, w, undefined, "TIMEOUT");
  }
  const name = req.name.replace(/\.$/, "");
  const dots = (name.match(/\./g) ?? []).length;
  const absolute = req.name.endsWith(".");
  if (absolute) {
    w.reasons.push("trailing dot: the name is queried as-is only");
    const o = w.step(`${name}.`);
    if (o.status === "CONNREFUSED") return refusedEverywhere(req, w);
    return finish(req, w, o, o.status === "answer" ? "NOERROR" : o.rcode);
  }
  return req.libc === "glibc" ? glibcSearch(req, w, name, dots) : muslSearch(req, w, name, dots);
}

/** res_query.c __res_context_search. */
function glibcSearch(req: ResolveRequest, w: Walker, name: string, dots: number): ResolveWalk {
  const { ndots, noTldQuery } = w.opts;
  let triedAsIs = false;
  let asIs: StepOutcome | undefined;
  let gotNodata = false;
  let gotServfail = false;
  if (dots >= ndots) {
    w.reasons.push(`glibc: ${dots} dot(s) ≥ ndots:${ndots} → the name as-is first`);
    asIs = w.step(`${name}.`);
    triedAsIs = true;
    if (asIs.status === "answer") return finish(req, w, asIs, "NOERROR");
    if (asIs.status === "CONNREFUSED") return refusedEverywhere(req, w);
  } else {
    w.reasons.push(`glibc: ${dots} dot(s) < ndots:${ndots} → search list first`);
  }
  let searched = false;
  for (const domain of req.conf.search) {
    searched = true;
    const candidate = join(name, domain);
    // A search entry of "." (or empty) is the root: the name itself, and the final as-is try is skipped.
    if (candidate === `${name}.`) triedAsIs = true;
    const o = w.step(candidate);
    if (o.status === "answer") return finish(req, w, o, "NOERROR");
    if (o.status === "CONNREFUSED") return refusedEverywhere(req, w);
    if (o.status === "NXDOMAIN") {
      w.reasons.push(`${candidate} NXDOMAIN → next search domain`);
      continue;
    }
    if (o.status === "NODATA") {
      gotNodata = true;
      w.reasons.push(`${candidate} NODATA → glibc remembers it and continues (musl would stop)`);
      continue;
    }
    if (o.status === "SERVFAIL") {
      gotServfail = true;
      w.reasons.push(`${candidate} SERVFAIL → glibc remembers it and continues (musl would stop)`);
      continue;
    }
    w.reasons.push(`${candidate} ${o.rcode} → the search stops`);
    break;
  }
  if (!searched) w.reasons.push("no search domains");
  if (!triedAsIs && !(noTldQuery && dots === 0)) {
    asIs = w.step(`${name}.`);
    if (asIs.status === "answer") return finish(req, w, asIs, "NOERROR");
    if (asIs.status === "CONNREFUSED") return refusedEverywhere(req, w);
  }
  // Error precedence: the as-is attempt's error if it ran first, else NODATA, else SERVFAIL.
  let rcode = asIs?.rcode ?? "NXDOMAIN";
  if (dots < ndots || !asIs) {
    if (gotNodata) rcode = "NODATA";
    else if (gotServfail) rcode = "SERVFAIL";
    else if (asIs) rcode = asIs.rcode;
  }
  return finish(req, w, undefined, rcode);
}

/**
 * res_query.c __res_context_search: `if (errno == ECONNREFUSED) { RES_SET_H_ERRNO(statp, TRY_AGAIN);
 * return -1; }` — connection refused from every server aborts the whole lookup at once.
 */
function refusedEverywhere(req: ResolveRequest, w: Walker): ResolveWalk {
  w.reasons.push("connection refused by every nameserver: glibc gives up at once (TRY_AGAIN)");
  return finish(req, w, undefined, "SERVFAIL");
}

/** lookup_name.c name_from_dns_search. */
function muslSearch(req: ResolveRequest, w: Walker, name: string, dots: number): ResolveWalk {
  const { ndots } = w.opts;
  const candidates: string[] = [];
  if (dots >= ndots) {
    w.reasons.push(`musl: ${dots} dot(s) ≥ ndots:${ndots} → no search at all, the name as-is only`);
  } else {
    w.reasons.push(`musl: ${dots} dot(s) < ndots:${ndots} → each search domain, then the name as-is`);
    for (const domain of req.conf.search) candidates.push(join(name, domain));
  }
  candidates.push(`${name}.`);
  let last: StepOutcome | undefined;
  for (const candidate of [...new Set(candidates)]) {
    const o = w.step(candidate);
    last = o;
    if (o.status === "answer") return finish(req, w, o, "NOERROR");
    if (o.status === "NXDOMAIN") {
      w.reasons.push(`${candidate} NXDOMAIN → next`);
      continue;
    }
    w.reasons.push(
      `${candidate} ${o.rcode} → musl stops the search (glibc would continue on NODATA/SERVFAIL)`,
    );
    return finish(req, w, undefined, o.rcode);
  }
  return finish(req, w, undefined, last?.rcode ?? "NXDOMAIN");
}

function finish(req: ResolveRequest, w: Walker, o: StepOutcome | undefined, rcode: string): ResolveWalk {
  return {
    libc: req.libc,
    source: o?.status === "answer" ? "dns" : "none",
    answer: o?.addresses ?? [],
    rcode,
    canonicalName: o?.canonicalName,
    steps: w.steps,
    elapsedMs: w.now,
    reasons: w.reasons,
  };
}
