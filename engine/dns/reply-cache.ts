/**
 * Encoded replies kept per cluster revision, so that `netspec serve` answers a repeated question by
 * copying bytes instead of decoding, walking the plugin chain and encoding again.
 *
 * What makes a cached reply correct:
 * - Only chains whose every plugin answers as a function of the request, the cluster (one revision)
 *   and the Corefile are cached (`uncacheableReason`). Plugins that read the client's address
 *   (autopath, whoami, template's `.Remote`), draw from the RNG (loadbalance, forward's policies,
 *   cache eviction), keep per-query state (cache hits differ from misses, loop counts its probe) or
 *   print a line per query (log) make their server bypass the cache entirely. Virtual time does not
 *   pass while serving, so nothing time-dependent is left among the cached plugins.
 * - The key is the whole request after its ID (flags, opcode, question type and class, the OPT
 *   record with its UDP size, DO bit and options, any trailing bytes) with the question name
 *   lowercased, plus the transport and the port: everything that changes the reply or its truncation.
 * - The query's ID and its question name as the client spelled it are patched into a copy. Where the
 *   reply echoes the name is found when the entry is made, by answering the same request once more
 *   with every letter of the name in the other case: the bytes that differ must all lie inside
 *   copies of the name; otherwise (a reply that echoes only part of the name, e.g. a rewritten
 *   CNAME) the key is marked to bypass and always answered afresh.
 * - The whole cache is dropped when the cluster revision moves; a CoreDNS restart or Corefile reload
 *   builds a new process with an empty cache. It holds at most `maxEntries` keys and is cleared when
 *   full (a flood of distinct names costs one extra miss each, never unbounded memory).
 */

/** Plugins whose replies depend only on the request, the cluster and the Corefile. */
const PURE_PLUGINS = new Set([
  "any",
  "bufsize",
  "cancel",
  "chaos",
  "debug",
  "errors",
  "health",
  "hosts",
  "kubernetes",
  "local",
  "minimal",
  "prometheus",
  "ready",
  "reload",
  "rewrite",
]);

/** Why replies of a server running these plugins cannot be reused, or undefined when they can. */
export function uncacheableReason(
  plugins: Iterable<{ name: string; uncacheable?: string }>,
): string | undefined {
  for (const p of plugins) {
    if (!PURE_PLUGINS.has(p.name)) return `plugin ${p.name} answers per client, per draw or per query`;
    if (p.uncacheable) return `plugin ${p.name}: ${p.uncacheable}`;
  }
  return undefined;
}

interface Entry {
  /** The encoded reply, or undefined for a key that must always be answered afresh. */
  reply: Uint8Array | undefined;
  /** Where `reply` echoes the question name, or its suffix from offset `from`, as the client wrote it. */
  echoes: Echo[];
}

interface Echo {
  at: number;
  from: number;
}

/** Answers one packet; never throws, undefined means no reply. */
export type WireAnswer = (packet: Uint8Array) => Uint8Array | undefined;

export class ReplyCache {
  private entries = new Map<string, Entry>();
  private revision = -1;
  /** Counters for tests and the benchmark's report. */
  readonly stats = { hits: 0, misses: 0, bypassed: 0 };

  constructor(private readonly maxEntries = 50_000) {}

  /** The reply to `packet`: copied from the cache when the same request was answered at `revision`. */
  answer(packet: Uint8Array, scope: string, revision: number, compute: WireAnswer): Uint8Array | undefined {
    if (revision !== this.revision) {
      this.entries.clear();
      this.revision = revision;
    }
    const nameEnd = questionNameEnd(packet);
    if (nameEnd < 0) {
      this.stats.bypassed++;
      return compute(packet);
    }
    const key = cacheKey(packet, nameEnd, scope);
    const hit = this.entries.get(key);
    if (hit) {
      if (!hit.reply) {
        this.stats.bypassed++;
        return compute(packet);
      }
      this.stats.hits++;
      return patched(hit, packet, nameEnd);
    }
    this.stats.misses++;
    const reply = compute(packet);
    if (!reply) return reply;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, makeEntry(packet, nameEnd, reply, compute));
    return reply;
  }
}

/** The offset just past the question name, or -1 when it is malformed or compressed (not cached). */
function questionNameEnd(p: Uint8Array): number {
  if (p.length < 12 || p[4] !== 0 || p[5] !== 1) return -1;
  let off = 12;
  for (;;) {
    if (off >= p.length) return -1;
    const len = p[off]!;
    if (len === 0) return off + 1 + 4 <= p.length ? off + 1 : -1;
    if (len > 63) return -1;
    off += 1 + len;
  }
}

const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
const isLower = (b: number) => b >= 0x61 && b <= 0x7a;

/** Scope, then the request after its ID with the question name's letters lowercased. */
function cacheKey(p: Uint8Array, nameEnd: number, scope: string): string {
  const b = Buffer.from(p.subarray(2));
  // Label length bytes are at most 63, below 'A': lowercasing every byte of the name is safe.
  for (let i = 10; i < nameEnd - 2; i++) if (isUpper(b[i]!)) b[i] = b[i]! | 0x20;
  return scope + b.toString("latin1");
}

/** The request with every letter of its question name in the other case. */
function flipCase(p: Uint8Array, nameEnd: number): Uint8Array | undefined {
  const out = p.slice();
  let letters = 0;
  for (let i = 12; i < nameEnd; i++) {
    const c = out[i]!;
    if (isUpper(c) || isLower(c)) {
      out[i] = c ^ 0x20;
      letters++;
    }
  }
  return letters ? out : undefined;
}

const matchesAt = (r: Uint8Array, at: number, name: Uint8Array) => {
  if (at + name.length > r.length) return false;
  for (let i = 0; i < name.length; i++) if (r[at + i] !== name[i]) return false;
  return true;
};

/** Offsets of the question name's labels: each starts a suffix CoreDNS may echo (the zone part). */
function labelStarts(p: Uint8Array, nameEnd: number): number[] {
  const out: number[] = [];
  for (let off = 12; off < nameEnd - 1; off += 1 + p[off]!) out.push(off);
  return out;
}

/**
 * Where the reply echoes the name or one of its suffixes as asked (CoreDNS keeps the query's case for
 * the zone part of the names it builds: plugin/kubernetes ServeDNS "maintain case of original
 * query"), proved by answering the case-flipped request: every byte that differs must lie in such an
 * echo. Otherwise a bypass entry.
 */
function makeEntry(p: Uint8Array, nameEnd: number, reply: Uint8Array, compute: WireAnswer): Entry {
  const flipped = flipCase(p, nameEnd);
  if (!flipped) return { reply: reply.slice(), echoes: [] };
  const other = compute(flipped);
  if (!other || other.length !== reply.length) return { reply: undefined, echoes: [] };
  const echoes: Echo[] = [];
  const covered = new Uint8Array(reply.length);
  for (const from of labelStarts(p, nameEnd)) {
    const name = p.subarray(from, nameEnd);
    const flippedName = flipped.subarray(from, nameEnd);
    if (sameBytes(name, flippedName)) break; // no letters left in this suffix, nor in shorter ones
    for (let at = 12; at + name.length <= reply.length; at++) {
      if (covered[at] || reply[at] !== name[0]) continue;
      if (!matchesAt(reply, at, name) || !matchesAt(other, at, flippedName)) continue;
      echoes.push({ at, from });
      covered.fill(1, at, at + name.length);
    }
  }
  for (let i = 0; i < reply.length; i++)
    if (reply[i] !== other[i] && !covered[i]) return { reply: undefined, echoes: [] };
  return { reply: reply.slice(), echoes };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && matchesAt(a, 0, b);

/** A copy of the cached reply with this query's ID and question name. */
function patched(e: Entry, p: Uint8Array, nameEnd: number): Uint8Array {
  // Buffer.allocUnsafe takes small replies from Node's pool: cheaper than TypedArray#slice.
  const out = Buffer.allocUnsafe(e.reply!.length);
  out.set(e.reply!);
  out[0] = p[0]!;
  out[1] = p[1]!;
  if (e.echoes.length) {
    for (const { at, from } of e.echoes) out.set(p.subarray(from, nameEnd), at);
  }
  return out;
}
