/**
 * Whether manifests pin a Service address: a cluster IP (`spec.clusterIP`/`clusterIPs` other than
 * `None`) or a node port. The API server keeps such an address allocated until the Service is
 * deleted (pkg/registry/core/service/ipallocator, portallocator), so a case that pins one has its
 * Services deleted, and waited for, before the next case may pin the same address.
 */
import { parseManifests } from "./yaml11.js";

type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

export function pinsServiceAddresses(text: string): boolean {
  let docs: unknown[];
  try {
    docs = parseManifests(text);
  } catch {
    return false; // the API server reports the manifest; nothing was allocated
  }
  return docs.some((d) => isMap(d) && pins(d));
}

function pins(o: Raw): boolean {
  if (o.kind === "List" && Array.isArray(o.items)) return o.items.some((i) => isMap(i) && pins(i));
  if (o.kind !== "Service" || !isMap(o.spec)) return false;
  const ips = [o.spec.clusterIP, ...(Array.isArray(o.spec.clusterIPs) ? o.spec.clusterIPs : [])];
  if (ips.some((ip) => typeof ip === "string" && ip !== "" && ip !== "None")) return true;
  const ports = Array.isArray(o.spec.ports) ? o.spec.ports : [];
  return ports.some((p) => isMap(p) && p.nodePort !== undefined && p.nodePort !== 0);
}
