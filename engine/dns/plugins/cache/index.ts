/**
 * plugin/cache (handler.go ServeDNS, cache.go ResponseWriter.WriteMsg/set, item.go toMsg):
 * - only names under the plugin's zones; key = lower-cased qname, qtype, qclass, DO, CD;
 * - a miss goes down the chain; a written reply is classified (typify.ts), stored for the clamped
 *   duration unless truncated/uncacheable/disabled for the zone, and *every* RR of it is rewritten to
 *   that duration (also when storing was disabled); AD is cleared unless the query had DO or AD;
 * - error results the chain did not write (e.g. forward's "no healthy upstream") are not seen by the
 *   cache's writer in CoreDNS and are therefore not cached;
 * - a hit is rebuilt from the item with SetReply on the *current* request (its question case, id, RD)
 *   and the cached owner names, AA=1, every RR at the remaining TTL (original TTLs with keepttl);
 * - serve_stale: expired items within the window are served with TTL 0 (verify: refresh first and
 *   use the fresh reply when it is NOERROR/NXDOMAIN); prefetch refreshes popular items near expiry.
 * Refreshes that CoreDNS runs in goroutines run synchronously here, after the hit is built.
 */
import type { DnsMessage, ResourceRecord } from "../../message.js";
import type { DnsRequest, DnsResult, Next, Plugin, PluginEnv, PluginFactory } from "../../plugin.js";
import { matchZone, replyTo } from "../shared/index.js";
import { parseCache } from "./setup.js";
import type { CacheConfig } from "./setup.js";
import { ItemStore } from "./store.js";
import { cacheable, cacheType, computeTtl, minimalTtl } from "./typify.js";

export { typify, cacheType, cacheable, minimalTtl, computeTtl } from "./typify.js";
export type { CacheConfig } from "./setup.js";

interface Item {
  msg: DnsMessage;
  storedMs: number;
  origTtl: number;
  hits: number;
  lastHitMs: number;
}

export interface CachePlugin extends Plugin {
  readonly config: CacheConfig;
  /** Items currently held (success, denial). */
  sizes(): { success: number; denial: number };
}

function cacheKey(req: DnsRequest): string {
  const q = req.msg.question[0];
  return [
    req.qname.toLowerCase(),
    req.qtype.toUpperCase(),
    q?.class ?? "IN",
    req.msg.edns?.do ? 1 : 0,
    req.msg.flags.cd ? 1 : 0,
  ].join("|");
}

/** item.go ttl(): origTTL minus whole seconds elapsed (Go truncation). */
function itemTtl(i: Item, nowMs: number): number {
  return i.origTtl - Math.floor((nowMs - i.storedMs) / 1000);
}

function withTtl(rrs: ResourceRecord[], ttl: number | undefined): ResourceRecord[] {
  return rrs.map((r) => ({ ...r, ttl: ttl ?? r.ttl, data: structuredClone(r.data) }));
}

/** One cache plugin instance: the positive and negative item stores and how they are used. */
class Cache implements CachePlugin {
  readonly name = "cache";
  private readonly pcache: ItemStore<Item>;
  private readonly ncache: ItemStore<Item>;

  constructor(
    readonly config: CacheConfig,
    private readonly env: PluginEnv,
    line: number,
  ) {
    this.pcache = new ItemStore<Item>(config.pcap, env.rng.fork(`cache-p:${line}`));
    this.ncache = new ItemStore<Item>(config.ncap, env.rng.fork(`cache-n:${line}`));
  }

  sizes(): { success: number; denial: number } {
    return { success: this.pcache.size, denial: this.ncache.size };
  }

  /** handler.go ServeDNS: a fresh hit, a stale one (serve_stale), or down the chain and stored. */
  serve(req: DnsRequest, next: Next): DnsResult {
    const cfg = this.config;
    if (!matchZone(cfg.zones, req.qname)) return next(req);
    const now = this.env.clock.now();
    const i = this.lookup(cacheKey(req), now);
    if (!i) return this.refresh(req, next, false);
    const ttl = itemTtl(i, now);
    let after: (() => void) | undefined;
    const notes: string[] = [];
    if (ttl <= 0) {
      if (cfg.verifyStale) {
        const fresh = this.refresh(req, next, false, i);
        if (fresh.kind === "reply" && (fresh.msg.rcode === "NOERROR" || fresh.msg.rcode === "NXDOMAIN"))
          return fresh;
      } else {
        after = () => this.refresh(req, next, true, i);
      }
      notes.push("served stale from cache");
    } else if (this.shouldPrefetch(i, now)) {
      after = () => this.refresh(req, next, true, i);
      notes.push("prefetch triggered");
    } else {
      notes.push(`cache hit (${ttl}s left)`);
    }
    const msg = this.toMsg(i, req, ttl);
    after?.();
    return { kind: "reply", msg, by: "cache", notes };
  }

  /** handler.go getIgnoreTTL: denial cache first, then success; fresh, or stale within the window. */
  private lookup(key: string, nowMs: number): Item | undefined {
    for (const c of [this.ncache, this.pcache]) {
      const i = c.get(key);
      if (!i) continue;
      const ttl = itemTtl(i, nowMs);
      if (ttl > 0 || (this.config.staleUpTo > 0 && -ttl < this.config.staleUpTo)) return i;
    }
    return undefined;
  }

  /** ResponseWriter.WriteMsg: store and rewrite TTLs. `prefetch` stores without answering. */
  private refresh(req: DnsRequest, next: Next, prefetch: boolean, carry?: Item): DnsResult {
    const r = next(req);
    if (r.kind !== "reply") return r;
    const res = r.msg;
    const mt = cacheType(res);
    const duration = this.duration(res, mt);
    const q = res.question[0];
    const matches =
      q !== undefined && q.name.toLowerCase() === req.qname.toLowerCase() && q.type === req.qtype;
    if (cacheable(res, mt) && duration > 0 && matches) this.store(req, res, mt, duration, prefetch, carry);
    if (prefetch) return r;
    const wantAd = (req.msg.edns?.do ?? false) || req.msg.flags.ad;
    const msg: DnsMessage = {
      ...res,
      flags: { ...res.flags, ad: wantAd ? res.flags.ad : false },
      answer: withTtl(res.answer, duration),
      authority: withTtl(res.authority, duration),
      additional: withTtl(res.additional, duration),
    };
    return { ...r, msg };
  }

  /** cache.go set: how long an answer of this type is kept (clamped to the configured bounds). */
  private duration(res: DnsMessage, mt: ReturnType<typeof cacheType>): number {
    const cfg = this.config;
    const msgTtl = minimalTtl(res, mt);
    if (mt === "NameError" || mt === "NoData") return computeTtl(msgTtl, cfg.minnttl, cfg.nttl);
    if (mt === "ServerError") return cfg.failttl;
    return computeTtl(msgTtl, cfg.minpttl, cfg.pttl);
  }

  private store(
    req: DnsRequest,
    res: DnsMessage,
    mt: ReturnType<typeof cacheType>,
    duration: number,
    prefetch: boolean,
    carry: Item | undefined,
  ): void {
    const now = this.env.clock.now();
    const key = cacheKey(req);
    const item: Item = {
      msg: res,
      storedMs: now,
      origTtl: duration,
      hits: carry?.hits ?? 0,
      lastHitMs: carry?.lastHitMs ?? now,
    };
    if (mt === "NoError" || mt === "Delegation") {
      if (!matchZone(this.config.pexcept, req.qname)) {
        this.pcache.add(key, item);
        if (prefetch) this.ncache.remove(key);
      }
    } else if (!matchZone(this.config.nexcept, req.qname)) {
      this.ncache.add(key, item);
    }
  }

  /** item.go toMsg on the current request. */
  private toMsg(i: Item, req: DnsRequest, ttl: number): DnsMessage {
    const m = replyTo(req.msg, i.msg.rcode);
    const wantAd = (req.msg.edns?.do ?? false) || req.msg.flags.ad;
    m.flags.aa = true;
    m.flags.ra = i.msg.flags.ra;
    m.flags.ad = wantAd && i.msg.flags.ad;
    const t = this.config.keepttl ? undefined : Math.max(ttl, 0);
    m.answer = withTtl(i.msg.answer, t);
    m.authority = withTtl(i.msg.authority, t);
    m.additional = withTtl(i.msg.additional, t);
    return m;
  }

  /** freq.go-like hit counting inside the prefetch window, then the threshold check. */
  private shouldPrefetch(i: Item, nowMs: number): boolean {
    const cfg = this.config;
    if (cfg.prefetch <= 0) return false;
    i.hits = nowMs - i.lastHitMs > cfg.prefetchWindowMs ? 1 : i.hits + 1;
    i.lastHitMs = nowMs;
    const threshold = Math.ceil((cfg.prefetchPercentage / 100) * i.origTtl);
    return i.hits >= cfg.prefetch && itemTtl(i, nowMs) <= threshold;
  }
}

export const cachePlugin = {
  name: "cache",
  setup: (d, block, env): CachePlugin => new Cache(parseCache(d, block), env, d.line),
} satisfies PluginFactory;
