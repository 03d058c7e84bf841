/**
 * One walk's queries: glibc's res_send and musl's res_msend as they send, retry and time out, each
 * datagram recorded as a step (walk.ts decides which names are asked and when the search stops).
 */
import type { ResolverOptions } from "./resolv-conf.js";
import type { HostsEntry, Libc, ResolvConf, WalkStep } from "./types.js";

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
export interface StepOutcome {
  status: "answer" | "NXDOMAIN" | "NODATA" | "SERVFAIL" | "TIMEOUT" | "CONNREFUSED" | "OTHER";
  addresses: string[];
  canonicalName?: string;
  rcode: string;
}

export class Walker {
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
   * musl res_msend (src/network/res_msend.c, __res_msend_rc): the query goes to every server at once,
   * re-sent every timeout/attempts; the first NOERROR or NXDOMAIN wins; a SERVFAIL is re-sent at once
   * to the server that gave it while the round's budget lasts (`servfail_retry = 2*nqueries`, shared
   * by the queries in flight: two re-sends for each), after which SERVFAILs are ignored and the round
   * is waited out; other rcodes are ignored.
   */
  private muslQuery(name: string, type: string): { reply?: DnsMessage; timedOut: boolean } {
    const servers = this.req.conf.nameservers;
    const retryMs = Math.floor(this.opts.timeoutMs / this.opts.attempts);
    let failure: DnsMessage | undefined;
    for (let attempt = 0; attempt < this.opts.attempts; attempt++) {
      let best: { reply: DnsMessage; elapsedMs: number } | undefined;
      let servfailRetries = 2;
      for (const server of servers) {
        const q = { name, type, server, transport: "udp" as const, timeoutMs: retryMs };
        let at = 0;
        let got = this.muslSend(q, retryMs, at);
        while (got?.rcode === "SERVFAIL" && servfailRetries > 0 && at + got.elapsedMs < retryMs) {
          servfailRetries--;
          failure = got.reply;
          at += got.elapsedMs;
          got = this.muslSend(q, retryMs, at);
        }
        if (!got) continue;
        if (got.rcode === "NOERROR" || got.rcode === "NXDOMAIN") {
          const elapsedMs = at + got.elapsedMs;
          if (!best || elapsedMs < best.elapsedMs) best = { reply: got.reply, elapsedMs };
        } else if (got.rcode === "SERVFAIL") failure = got.reply;
      }
      if (best) {
        this.now += best.elapsedMs;
        return { reply: best.reply, timedOut: false };
      }
      this.now += retryMs;
    }
    return failure ? { reply: failure, timedOut: false } : { timedOut: true };
  }

  /** One datagram of a musl round, sent `at` ms into it, recorded as a step; undefined = no reply. */
  private muslSend(
    q: SendQuery & { timeoutMs: number },
    retryMs: number,
    at: number,
  ): { reply: DnsMessage; rcode: string; elapsedMs: number } | undefined {
    let out = this.req.send(q);
    if (out.refused) {
      // musl sends from an unconnected socket (sendto): the ICMP error never reaches it, so a
      // refused query is simply never answered.
      this.reasons.push(`${q.server}: ICMP port unreachable is invisible to musl; waiting out the timeout`);
      out = { elapsedMs: retryMs };
    }
    let transport: "udp" | "tcp" = "udp";
    if (out.reply?.flags.tc) {
      // musl ≥ 1.2.4 retries truncated replies over TCP.
      transport = "tcp";
      out = this.req.send({ ...q, transport });
    }
    const step = { ...q, transport };
    if (!out.reply) {
      const waited = retryMs - at;
      this.steps.push({ ...step, rcode: "TIMEOUT", answers: 0, atMs: this.now + retryMs, elapsedMs: waited });
      return undefined;
    }
    const r = out.reply;
    const atMs = this.now + at + out.elapsedMs;
    this.steps.push({ ...step, rcode: r.rcode, answers: r.answer.length, atMs, elapsedMs: out.elapsedMs });
    return { reply: r, rcode: r.rcode, elapsedMs: out.elapsedMs };
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
