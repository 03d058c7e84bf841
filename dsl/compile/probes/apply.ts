/** `expect apply SOURCE`: submit manifests and observe whether the API admits them. */
import { probeSource } from "../manifests.js";
import type { ProbeSpec } from "../spec.js";

export const applyProbe: ProbeSpec = {
  head: "apply",
  kind: "apply",
  syntax: `apply ${probeSource.syntax}`,
  summary: "submit manifests and observe whether the API admits them (accepted, rejected, message).",
  example: 'expect apply file "bad-service.yaml" { rejected; message matches "spec.clusterIPs" }',
  subjects: ["accepted", "rejected", "message"],
  compile(c) {
    const span = c.st.$span;
    const source = probeSource.take(c) ?? {
      kind: "inline",
      manifest: { text: "", path: span.file, line: span.line, column: 0 },
    };
    return { kind: "apply", source };
  },
};
