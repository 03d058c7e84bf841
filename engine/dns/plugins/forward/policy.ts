/**
 * Upstream ordering per query, CoreDNS plugin/forward/policy.go:
 * - random: with 2 upstreams a coin flip swaps them; otherwise a random permutation (rand.Perm);
 * - round_robin: an atomic counter incremented per query; the list starts at counter % n;
 * - sequential: list order.
 */
import type { Rng } from "../../../support/index.js";

export type PolicyName = "random" | "round_robin" | "sequential";

export interface Policy {
  order<T>(list: readonly T[]): T[];
}

export function makePolicy(name: PolicyName, rng: Rng): Policy {
  switch (name) {
    case "sequential":
      return { order: (l) => [...l] };
    case "round_robin": {
      let robin = 0;
      return {
        order(l) {
          robin = (robin + 1) >>> 0;
          const start = robin % l.length;
          return [...l.slice(start), ...l.slice(0, start)];
        },
      };
    }
    case "random":
      return {
        order(l) {
          if (l.length === 1) return [...l];
          if (l.length === 2) return rng.int(2) === 0 ? [l[1]!, l[0]!] : [...l];
          // Fisher–Yates with the seeded rng (stands in for Go's rand.Perm).
          const out = [...l];
          for (let i = out.length - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        },
      };
  }
}
