/**
 * `cache [TTL] [ZONES...] { ... }` parsing, plugin/cache/setup.go (cacheParse), one function per group
 * of block options. Durations in seconds here.
 */
import type { Directive, ServerBlock } from "../../plugin.js";
import { durationArg, exactArgs, fail, intArg, normalizeZone, unknownOption } from "../shared/index.js";

export interface CacheConfig {
  zones: string[];
  pcap: number;
  pttl: number;
  minpttl: number;
  ncap: number;
  nttl: number;
  minnttl: number;
  /** SERVFAIL caching seconds (0 disables). */
  failttl: number;
  prefetch: number;
  prefetchWindowMs: number;
  prefetchPercentage: number;
  /** serve_stale window in seconds (0: off). */
  staleUpTo: number;
  verifyStale: boolean;
  pexcept: string[];
  nexcept: string[];
  keepttl: boolean;
}

/** cache.go defaultCap. */
export const DEFAULT_CAP = 10000;

type BlockOption = (o: Directive, c: CacheConfig) => void;

const secs = (o: Directive, s: string) => Math.floor(durationArg(o, s, "cache") / 1000);

/** `success|denial CAPACITY [TTL [MINTTL]]`: the positive or negative cache's size and TTL bounds. */
function capacity(o: Directive, c: CacheConfig): void {
  if (o.args.length < 1 || o.args.length > 3) fail(o, `${o.name} wants CAPACITY [TTL [MINTTL]]`);
  const cap = intArg(o, o.args[0]!, "cache");
  if (cap <= 0) fail(o, `cache capacity can not be zero or negative: ${cap}`);
  const ttl = o.args[1] !== undefined ? intArg(o, o.args[1], "cache", 1) : undefined;
  const min = o.args[2] !== undefined ? intArg(o, o.args[2], "cache") : undefined;
  if (o.name === "success") {
    c.pcap = cap;
    if (ttl !== undefined) c.pttl = ttl;
    if (min !== undefined) c.minpttl = min;
  } else {
    c.ncap = cap;
    if (ttl !== undefined) c.nttl = ttl;
    if (min !== undefined) c.minnttl = min;
  }
}

/** What is cached and for how long: success, denial, servfail, disable, keepttl. */
const STORAGE: Record<string, BlockOption> = {
  success: capacity,
  denial: capacity,
  servfail: (o, c) => {
    exactArgs(o, 1, "cache");
    const s = secs(o, o.args[0]!);
    if (s > 300) fail(o, `caching SERVFAIL responses over 5 minutes is not permitted`);
    c.failttl = s;
  },
  disable: (o, c) => {
    if (o.args[0] !== "success" && o.args[0] !== "denial") fail(o, "disable wants success|denial [ZONES...]");
    const zones = o.args.length > 1 ? o.args.slice(1).map(normalizeZone) : [...c.zones];
    (o.args[0] === "success" ? c.pexcept : c.nexcept).push(...zones);
  },
  keepttl: (o, c) => {
    exactArgs(o, 0, "cache");
    c.keepttl = true;
  },
};

/** How items are refreshed: prefetch AMOUNT [DURATION [PERCENTAGE%]], serve_stale [DURATION [MODE]]. */
const REFRESH: Record<string, BlockOption> = {
  prefetch: (o, c) => {
    if (o.args.length < 1 || o.args.length > 3) fail(o, "prefetch wants AMOUNT [DURATION [PERCENTAGE%]]");
    c.prefetch = intArg(o, o.args[0]!, "cache", 1);
    if (o.args[1] !== undefined) c.prefetchWindowMs = durationArg(o, o.args[1], "cache");
    if (o.args[2] !== undefined) {
      const m = /^(\d+)%$/.exec(o.args[2]);
      if (!m || Number(m[1]) > 100) fail(o, `percentage should fall in range [0, 100]: ${o.args[2]}`);
      c.prefetchPercentage = Number(m[1]);
    }
  },
  serve_stale: (o, c) => {
    if (o.args.length > 2) fail(o, "serve_stale wants [DURATION [immediate|verify]]");
    c.staleUpTo = o.args[0] !== undefined ? secs(o, o.args[0]) : 3600;
    if (o.args[1] !== undefined) {
      if (o.args[1] !== "immediate" && o.args[1] !== "verify")
        fail(o, `invalid value for serve_stale refresh mode: ${o.args[1]}`);
      c.verifyStale = o.args[1] === "verify";
    }
  },
};

const BLOCK = new Map(Object.entries({ ...STORAGE, ...REFRESH }));

export function parseCache(d: Directive, block: ServerBlock): CacheConfig {
  const c: CacheConfig = {
    zones: [...block.zones],
    pcap: DEFAULT_CAP,
    pttl: 3600,
    minpttl: 5,
    ncap: DEFAULT_CAP,
    nttl: 1800,
    minnttl: 5,
    failttl: 5,
    prefetch: 0,
    prefetchWindowMs: 60_000,
    prefetchPercentage: 10,
    staleUpTo: 0,
    verifyStale: false,
    pexcept: [],
    nexcept: [],
    keepttl: false,
  };
  // `cache [TTL] [ZONES...]`: a leading number is the TTL cap of both caches.
  let args = [...d.args];
  if (args[0] !== undefined && /^-?\d+$/.test(args[0])) {
    const ttl = Number(args[0]);
    if (ttl <= 0) fail(d, `cache TTL can not be zero or negative: ${ttl}`);
    c.pttl = ttl;
    c.nttl = ttl;
    args = args.slice(1);
  }
  if (args.length) c.zones = args.map(normalizeZone);
  for (const o of d.block) {
    const option = BLOCK.get(o.name);
    if (!option) unknownOption("cache", o);
    else option(o, c);
  }
  return c;
}
