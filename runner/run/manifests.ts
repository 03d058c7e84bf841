/** The manifest texts of an `apply` step or `expect apply` probe: read once by the loader (dsl/files.ts). */
import type { ApplySource, ManifestText } from "../../dsl/index.js";

export function manifestsOf(source: ApplySource): ManifestText[] {
  return source.kind === "inline" ? [source.manifest] : source.manifests;
}
