/**
 * The SourceHost over node:fs. The dsl loader reads every spec, manifest and Corefile through it
 * (dsl/files.ts); the CLI itself only walks it to find the spec files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { SourceHost } from "../dsl/index.js";

/** Paths stay as given (relative to `cwd`) so reports show what the user typed. */
export function createFsSourceHost(cwd: string): SourceHost {
  const abs = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
  return {
    readFile(path) {
      try {
        return readFileSync(abs(path), "utf8");
      } catch {
        return undefined;
      }
    },
    isDirectory(path) {
      try {
        return statSync(abs(path)).isDirectory();
      } catch {
        return false;
      }
    },
    listDir(path) {
      try {
        return readdirSync(abs(path)).sort();
      } catch {
        return [];
      }
    },
  };
}

/** Every `*.netspec` under the given files/directories, recursively, sorted; missing paths reported. */
export function collectSpecFiles(paths: string[], host: SourceHost): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of host.listDir(dir)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = dir === "." ? name : `${dir.replace(/\/$/, "")}/${name}`;
      if (host.isDirectory(path)) walk(path);
      else if (name.endsWith(".netspec")) files.push(path);
    }
  };
  for (const p of paths) {
    if (host.isDirectory(p)) walk(p);
    else if (host.readFile(p) !== undefined) files.push(p);
    else missing.push(p);
  }
  return { files: [...new Set(files)], missing };
}
