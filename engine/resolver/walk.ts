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
import { resolverOptions, type ResolverOptions } from "./resolv-conf.js";
import type { HostsEntry, Libc, ResolvConf, ResolveWalk, WalkStep } from "./types.js";

/**
 * The parts of a DNS reply a stub resolver reads (structurally a DnsMessage; declared here so the
 * resolver does not depend on the DNS server model).
 */
export interface DnsMessage {
  rcode: string;
  flags: { tc: boolean; aa: boolean; ra: boolean };
  answer: { name: string; type: string; data: { type: string; address?: string } }[];
  additional: unknown[];
}

export interface SendQuery {
  name: string;
  type: string;
  server: string;
  transport: "udp" | "tcp";
  timeoutMs: number;
}

export interface ResolveRequest {
  name: string;
  /** ANY = getaddrinfo with AF_UNSPEC: A and AAAA together. */
  type: "A" | "AAAA" | "ANY";
  conf: ResolvConf;
  hosts: HostsEntry[];
  libc: Libc;
  /**
   * One query to one server; no reply = timeout after `timeoutMs`. `refused`: an ICMP port
   * unreachable came back (kube-proxy REJECT, or nothing listening on the address).
   */
  send(q: SendQuery): { reply?: DnsMessage; elapsedMs: number; refused?: boolean };
}

/** Outcome of one search step (one name, A and/or AAAA). */
interface StepOutcome {
  status: "answer" | "NXDOMAIN" | "NODATA" | "SERVFAIL" | "TIMEOUT" | "CONNREFUSED" | "OTHER";
  addresses: string[];
  canonicalName?: string;
  rcode: string;
}

class Walker {
  readonly steps: WalkStep[] = [];
  readonly reasons: string[] = [];
  now = 0;
  private rotation = 0;

  constructor(
    private readonly req: ResolveRequest,
    readonly opts: ResolverOptions,
  ) {}

  private record(q: SendQuery, rcode: string, answers: number, elapsedMs: number): void {
    this.now += elapsedMs;
    this.steps.push({ ...q, rcode, answers, atMs: this.now, elapsedMs });
  }

  private addressesOf(reply: DnsMessage, type: string): { addresses: string[]; canonical?: string } {
    const addresses: string[] = [];
    let canonical: string | undefined;
    for (const rr of reply.answer) {
      if (rr.type === type && (rr.data.type === "A" || rr.data.type === "AAAA") && rr.data.address) {
        addresses.push(rr.data.address);
        canonical ??= rr.name;
      }
    }
    return { addresses, canonical };
  }

  /** glibc res_send: servers in order (rotated per query with `rotate`), `attempts` rounds. */
  private glibcQuery(
    name: string,
    type: string,
  ): { reply?: DnsMessage; timedOut: boolean; refused?: boolean } {
    let refusals = 0;
    let sends = 0;
    const servers = this.req.conf.nameservers;
    const n = servers.length;
    const start = this.opts.rotate ? this.rotation++ % n : 0;
    let lastFailure: DnsMessage | undefined;
    for (let attempt = 0; attempt < this.opts.attempts; attempt++) {
      for (let k = 0; k < n; k++) {
        const index = (start + k) % n;
        const server = servers[index]!;
        // res_send.c send_dg: wait = retrans << attempt, divided by the server count after the first
        // round, at least one second.
        let wait = this.opts.timeoutMs * 2 ** attempt;
        if (attempt > 0) wait = Math.floor(wait / n);
        wait = Math.max(wait, 1000);
        let transport: "udp" | "tcp" = this.opts.useVc ? "tcp" : "udp";
        const q = { name, type, server, transport, timeoutMs: wait };
        let out = this.req.send(q);
        sends++;
        if (out.refused) {
          // glibc connects its UDP socket, so the ICMP port unreachable surfaces as ECONNREFUSED at
          // once (res_send.c send_dg): the server is skipped without waiting.
          refusals++;
          this.record(q, "CONNREFUSED", 0, out.elapsedMs);
          continue;
        }
        if (out.reply?.flags.tc && transport === "udp") {
          this.record(q, `${out.reply.rcode} (TC)`, out.reply.answer.length, out.elapsedMs);
          this.reasons.push(`truncated reply from ${server}: retrying over TCP`);
          transport = "tcp";
          out = this.req.send({ ...q, transport });
        }
        const sent = { ...q, transport };
        if (!out.reply) {
          this.record(sent, "TIMEOUT", 0, wait);
          continue;
        }
        const reply = out.reply;
        this.record(sent, reply.rcode, reply.answer.length, out.elapsedMs);
        if (reply.rcode === "SERVFAIL" || reply.rcode === "NOTIMP" || reply.rcode === "REFUSED") {
          lastFailure = reply;
          if (n > 1) this.reasons.push(`${reply.rcode} from ${server}: glibc tries the next server`);
          continue;
        }
        // res_send.c: NOERROR with no answer, aa=0, ra=0 and nothing in additional looks like a
        // referral; glibc moves on to the next server.
        if (
          reply.rcode === "NOERROR" &&
          reply.answer.length === 0 &&
          !reply.flags.aa &&
          !reply.flags.ra &&
          reply.additional.length === 0 &&
          n > 1
        ) {
          lastFailure = reply;
          this.reasons.push(`referral-like empty reply from ${server}: next server`);
          continue;
        }
        return { reply, timedOut: false };
      }
    }
    if (!lastFailure && sends > 0 && refusals === sends) return { timedOut: false, refused: true };
    return lastFailure ? { reply: lastFailure, timedOut: false } : { timedOut: true };
  }

  /**
   * musl res_msend: the query goes to every server at once, re-sent every timeout/attempts; the first
   * NOERROR or NXDOMAIN wins; SERVFAIL is retried once at once; other rcodes are ignored.
   */
  private muslQuery(name: string, type: string): { reply?: DnsMessage; timedOut: boolean } {
    const servers = this.req.conf.nameservers;
    const retryMs = Math.floor(this.opts.timeoutMs / this.opts.attempts);
    let failure: DnsMessage | undefined;
    for (let attempt = 0; attempt < this.opts.attempts; attempt++) {
      let best: { reply: DnsMessage; elapsedMs: number; q: SendQuery } | undefined;
      for (const server of servers) {
        const q = { name, type, server, transport: "udp" as const, timeoutMs: retryMs };
        let out = this.req.send(q);
        if (out.refused) {
          // musl sends from an unconnected socket (sendto): the ICMP error never reaches it, so a
          // refused query is simply never answered.
          this.reasons.push(`${server}: ICMP port unreachable is invisible to musl; waiting out the timeout`);
          out = { elapsedMs: retryMs };
        }
        let transport: "udp" | "tcp" = "udp";
        if (out.reply?.flags.tc) {
          // musl ≥ 1.2.4 retries truncated replies over TCP.
          transport = "tcp";
          out = this.req.send({ ...q, transport });
        }
        if (!out.reply) {
          this.steps.push({
            ...q,
            transport,
            rcode: "TIMEOUT",
            answers: 0,
            atMs: this.now + retryMs,
            elapsedMs: retryMs,
          });
          continue;
        }
        const r = out.reply;
        this.steps.push({
          ...q,
          transport,
          rcode: r.rcode,
          answers: r.answer.length,
          atMs: this.now + out.elapsedMs,
          elapsedMs: out.elapsedMs,
        });
        if (r.rcode === "NOERROR" || r.rcode === "NXDOMAIN") {
          if (!best || out.elapsedMs < best.elapsedMs) best = { reply: r, elapsedMs: out.elapsedMs, q };
        } else if (r.rcode === "SERVFAIL") failure = r;
      }
      if (best) {
        this.now += best.elapsedMs;
        return { reply: best.reply, timedOut: false };
      }
      this.now += retryMs;
    }
    return failure ? { reply: failure, timedOut: false } : { timedOut: true };
  }

  /** One search step: the name for A, AAAA or both (getaddrinfo AF_UNSPEC sends both together). */
  step(name: string): StepOutcome {
    const types = this.req.type === "ANY" ? ["A", "AAAA"] : [this.req.type];
    const addresses: string[] = [];
    let canonicalName: string | undefined;
    const rcodes: string[] = [];
    for (const type of types) {
      const r = this.req.libc === "glibc" ? this.glibcQuery(name, type) : this.muslQuery(name, type);
      if ("refused" in r && r.refused) {
        rcodes.push("CONNREFUSED");
        continue;
      }
      if (r.timedOut || !r.reply) {
        rcodes.push("TIMEOUT");
        continue;
      }
      rcodes.push(r.reply.rcode);
      const got = this.addressesOf(r.reply, type);
      addresses.push(...got.addresses);
      canonicalName ??= got.canonical;
    }
    const rcode = addresses.length > 0 ? "NOERROR" : worst(rcodes);
    if (addresses.length > 0) return { status: "answer", addresses, canonicalName, rcode };
    if (rcodes.includes("CONNREFUSED")) return { status: "CONNREFUSED", addresses, rcode: "CONNREFUSED" };
    if (rcodes.every((c) => c === "NXDOMAIN")) return { status: "NXDOMAIN", addresses, rcode: "NXDOMAIN" };
    if (rcodes.includes("SERVFAIL")) return { status: "SERVFAIL", addresses, rcode: "SERVFAIL" };
    if (rcodes.includes("TIMEOUT")) return { status: "TIMEOUT", addresses, rcode: "TIMEOUT" };
    if (rcodes.some((c) => c === "NOERROR")) return { status: "NODATA", addresses, rcode: "NODATA" };
    if (rcodes.includes("NXDOMAIN")) return { status: "NXDOMAIN", addresses, rcode: "NXDOMAIN" };
    return { status: "OTHER", addresses, rcode };
  }
}

function worst(rcodes: string[]): string {
  for (const c of ["SERVFAIL", "TIMEOUT", "REFUSED", "NXDOMAIN", "NOERROR"]) if (rcodes.includes(c)) return c;
  return rcodes[0] ?? "TIMEOUT";
}

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
