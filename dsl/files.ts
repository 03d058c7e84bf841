/**
 * The one reader of user files: spec files and their imports, `apply file`/`apply dir` manifests
 * (also of `expect apply`), `corefile file` and `fault … file=` arguments. Everything goes through the
 * injected SourceHost, each path is read at most once per load, and the texts land in the Plan, so the
 * runner and the targets never touch the file system for a spec.
 */
import { posix as path } from "node:path";
import type { ManifestText } from "./plan.js";
import type { SourceHost } from "./source-host.js";

/**
 * The files `apply dir` takes, sorted by name: YAML and JSON, the extensions `kubectl apply -f DIR`
 * reads (k8s.io/cli-runtime pkg/resource/builder.go `FileExtensions`). kubectl compares them
 * case-sensitively (visitor.go `ignoreFile`); netspec has always accepted `.YAML` too.
 */
export const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** What a directory of manifests holds: its texts, and the entries that matched but could not be read. */
export interface ManifestDir {
  manifests: ManifestText[];
  unreadable: string[];
}

export class SourceFiles {
  /**
   * Every user file read so far, in reading order, for code frames and `--watch`: the loaded spec
   * files and their imports, then the manifest and Corefile files they name.
   */
  readonly sources = new Map<string, string>();
  private readonly texts = new Map<string, string | undefined>();
  constructor(private readonly host: SourceHost) {}

  /** `rel` relative to the folder of `file` (a spec file's path), as every path in a spec is. */
  static resolve(file: string, rel: string): string {
    return path.join(path.dirname(file), rel);
  }

  /** A file's text (cached: each path is read once). */
  read(p: string): string | undefined {
    if (!this.texts.has(p)) this.texts.set(p, this.host.readFile(p));
    return this.texts.get(p);
  }

  /** A spec file: read like any file and kept among the sources. */
  spec(p: string): string | undefined {
    const text = this.read(p);
    if (text !== undefined && !this.sources.has(p)) this.sources.set(p, text);
    return text;
  }

  /** One manifest (or Corefile) file as text starting at its line 1. */
  manifestFile(p: string): ManifestText | undefined {
    const text = this.read(p);
    if (text !== undefined && !this.sources.has(p)) this.sources.set(p, text);
    return text === undefined ? undefined : { path: p, text, line: 1, column: 0 };
  }

  /** Every YAML/JSON file directly in `p`, sorted by name; undefined when `p` is not a directory. */
  manifestDir(p: string): ManifestDir | undefined {
    if (!this.host.isDirectory(p)) return undefined;
    const out: ManifestDir = { manifests: [], unreadable: [] };
    const names = this.host
      .listDir(p)
      .filter((n) => MANIFEST_FILE.test(n))
      .sort();
    for (const n of names) {
      const file = `${p.replace(/\/$/, "")}/${n}`;
      const m = this.manifestFile(file);
      if (m) out.manifests.push(m);
      else out.unreadable.push(file);
    }
    return out;
  }
}
