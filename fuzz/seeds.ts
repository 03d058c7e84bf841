/** Seed corpora come from the repository's own suites and fixtures, read once per fuzz run. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dirs` (relative to `root`) whose name passes `keep`, sorted by path. */
export function filesUnder(root: string, dirs: string[], keep: (name: string) => boolean): string[] {
  const walk = (dir: string): string[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return n === "node_modules" ? [] : walk(p);
      return keep(n) ? [p] : [];
    });
  };
  return dirs.flatMap((d) => walk(join(root, d))).sort();
}

export function readAll(paths: string[]): Uint8Array[] {
  return paths.map((p) => new Uint8Array(readFileSync(p)));
}

/** The `"""` blocks of `.netspec` files that follow `words` (e.g. `apply`, `corefile`). */
export function tripleQuoted(root: string, words: RegExp): string[] {
  const out: string[] = [];
  for (const p of filesUnder(root, ["suites", "test/grammar"], (n) => n.endsWith(".netspec"))) {
    const text = readFileSync(p, "utf8");
    for (const m of text.matchAll(/(\S+)[^\S\n]*"""\n?([\s\S]*?)"""/g)) {
      if (words.test(m[1]!)) out.push(m[2]!);
    }
  }
  return out;
}
