/**
 * Whether manifests pin a Service address: a cluster IP (`spec.clusterIP`/`clusterIPs` other than
 * `None`) or a node port. The API server keeps such an address allocated until the Service is
 * deleted (pkg/registry/core/service/ipallocator, portallocator), so a case that pins one has its
 * Services deleted, and waited for, before the next case may pin the same address. The pins are the
 * language's (dsl manifestPins: what `netspec check --target` reports), read as kubectl reads YAML.
 */
import { manifestPins } from "../../../dsl/index.js";

export function pinsServiceAddresses(text: string): boolean {
  // A text that does not parse has no pins: the API server reports the manifest; nothing was allocated.
  return manifestPins({ path: "", text, line: 1, column: 0 }, { version: "1.1" }).some(
    (p) => p.kind === "cluster-ip" || p.kind === "node-port",
  );
}
