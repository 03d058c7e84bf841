/**
 * Manifests read and written the way kubectl reads them: YAML 1.1 (sigs.k8s.io/yaml decodes with
 * go-yaml's YAML 1.1 resolution, so an unquoted `yes`, `on` or `no` is a boolean). A manifest the
 * target rewrites (namespaces renamed, containers made runnable) must keep meaning what it meant:
 * parsed as 1.1, and written as 1.1, which quotes the string "yes" that 1.2 would leave bare.
 */
import { parseAllDocuments, stringify } from "yaml";

/** Every document of a multi-document manifest text, as kubectl would decode it. */
export function parseManifests(text: string): unknown[] {
  return parseAllDocuments(text, { version: "1.1" }).map((d) => d.toJS() as unknown);
}

/** One object as YAML that kubectl reads back as the same object. */
export function stringifyManifest(o: unknown): string {
  return stringify(o, { version: "1.1" });
}
