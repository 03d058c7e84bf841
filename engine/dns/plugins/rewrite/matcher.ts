/**
 * The string rewriters of plugin/rewrite/name.go: exact, prefix, suffix, substring, regex (`{n}`
 * group references in the replacement). Matching is on the lower-cased name (request.Name() is
 * lower-cased) and From/To are normalised to lower case like plugin.Name(...).Normalize().
 */
export type MatchType = "exact" | "prefix" | "suffix" | "substring" | "regex";

export interface StringRewriter {
  /** The rewritten string, or undefined when `s` does not match. */
  rewrite(s: string): string | undefined;
}

export const MATCH_TYPES = new Set<MatchType>(["exact", "prefix", "suffix", "substring", "regex"]);

/** plugin.Name(s).Normalize(): lower-cased, fully qualified. */
export function fqdnLower(s: string): string {
  const l = s.toLowerCase();
  return l.endsWith(".") ? l : `${l}.`;
}

export function makeRewriter(type: MatchType, from: string, to: string): StringRewriter {
  switch (type) {
    case "exact": {
      const f = fqdnLower(from);
      const t = fqdnLower(to);
      return { rewrite: (s) => (s.toLowerCase() === f ? t : undefined) };
    }
    // name.go newNameRule: FROM and TO of every type but regex are plugin.Name(...).Normalize()d:
    // lower-cased and fully qualified, so `prefix abc www` is `abc.` → `www.`.
    case "prefix": {
      const f = fqdnLower(from);
      const t = fqdnLower(to);
      return {
        rewrite: (s) => (s.toLowerCase().startsWith(f) ? t + s.toLowerCase().slice(f.length) : undefined),
      };
    }
    case "suffix": {
      const f = fqdnLower(from);
      const t = fqdnLower(to);
      return {
        rewrite: (s) => (s.toLowerCase().endsWith(f) ? s.toLowerCase().slice(0, -f.length) + t : undefined),
      };
    }
    case "substring": {
      // substringNameRule.Rewrite: strings.ReplaceAll, every occurrence.
      const f = fqdnLower(from);
      const t = fqdnLower(to);
      return { rewrite: (s) => (s.toLowerCase().includes(f) ? s.toLowerCase().replaceAll(f, t) : undefined) };
    }
    case "regex": {
      const re = new RegExp(from);
      return {
        rewrite(s) {
          const m = re.exec(s.toLowerCase());
          if (!m) return undefined;
          const out = to.replace(/\{(\d+)\}/g, (_, n: string) => m[Number(n)] ?? "");
          return fqdnLower(out);
        },
      };
    }
  }
}
