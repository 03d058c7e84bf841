/**
 * The forwarding part of a `difftest --corefiles` case: a block for `upstream.test` that forwards to
 * an upstream world (WORLD stands for its address: `netspec local upstream-world` beside the binary,
 * the same records in the reference's modelled world), with answers too big for UDP, so both sides'
 * truncation is compared: the world cutting its reply at the forwarded query's size, forward passing
 * a TC reply on (or retrying over TCP with prefer_udp), bufsize, cache and the server's own Scrub.
 * Drawn from a generator of its own, so the rest of a case is what it was before this part existed.
 */
import type { UpstreamRecordText } from "../../targets/index.js";
import { Rng } from "../rng.js";

const txt = (i: number) => `"${"t".repeat(90 + i)}"`;

/** Six TXT records (711 bytes and more: four or five fit 512), a CNAME chain, an A, NXDOMAIN. */
export const UPSTREAM_RECORDS: UpstreamRecordText[] = [
  ...[1, 2, 3, 4, 5, 6].map((i) => ({ name: "big.upstream.test", type: "TXT", data: txt(i) })),
  { name: "a.upstream.test", type: "A", data: "192.0.2.10", ttl: 60 },
  { name: "alias.upstream.test", type: "CNAME", data: "big.upstream.test" },
];

const NAMES = [
  "big.upstream.test",
  "big.upstream.test",
  "alias.upstream.test",
  "a.upstream.test",
  "no.upstream.test",
];

/** A question for the world's names (generate.ts CorefileQuery without a class). */
export interface UpstreamQuery {
  name: string;
  type: string;
  transport: "udp" | "tcp";
  from: "127.0.0.1" | "127.0.0.2";
  bufsize?: number;
}

export interface UpstreamPart {
  block: string;
  queries: UpstreamQuery[];
}

/** The forwarding block and its questions for case (seed, index), or none (most cases). */
export function upstreamPart(seed: number, index: number): UpstreamPart | undefined {
  const r = new Rng((seed * 2_000_003 + index * 104_729 + 91) >>> 0);
  if (!r.chance(0.35)) return undefined;
  const plugins: string[] = [];
  if (r.chance(0.5)) plugins.push(`bufsize ${r.pick([512, 1232])}`);
  if (r.chance(0.4)) plugins.push("cache");
  if (r.chance(0.3)) plugins.push("minimal");
  plugins.push(r.chance(0.3) ? "forward . WORLD {\n        prefer_udp\n    }" : "forward . WORLD");
  const queries = Array.from({ length: r.int(2, 5) }, (): UpstreamQuery => {
    const q: UpstreamQuery = {
      name: r.pick(NAMES),
      type: r.pick(["TXT", "TXT", "A", "ANY"]),
      transport: r.chance(0.25) ? "tcp" : "udp",
      from: r.chance(0.5) ? "127.0.0.1" : "127.0.0.2",
    };
    if (r.chance(0.6)) q.bufsize = r.pick([512, 600, 1232, 4096]);
    return q;
  });
  return { block: `upstream.test:PORT {\n${plugins.map((p) => `    ${p}`).join("\n")}\n}`, queries };
}
