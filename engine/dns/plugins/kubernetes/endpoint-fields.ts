/**
 * What the kubernetes plugin's lookups share, after CoreDNS plugin/kubernetes: msg.Service entries,
 * the ready addresses and ports of an EndpointSlice as object/endpoint.go keeps them, endpoint
 * hostnames and port/protocol matching (kubernetes.go).
 */
import type { EndpointSlice } from "../../../cluster/index.js";

/** msg.Service: `host` is an IP, a CNAME target or (with `text`) empty; `domain` is msg.Domain(Key). */
export interface Entry {
  host: string;
  port: number;
  ttl: number;
  domain: string;
  text?: string;
}

/** Undefined = a name error (errNoItems / errInvalidRequest); [] = the name exists with nothing to add. */
export type Found = Entry[] | undefined;

/** One ready address of an EndpointSlice as CoreDNS object/endpoint.go keeps it. */
export interface Address {
  ip: string;
  hostname?: string;
  targetRefName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
}

/** `a.b.` + zone, where the root zone adds nothing but the dot (msg.Domain of a Path). */
export function join(prefix: string, zone: string): string {
  return zone === "." ? `${prefix}.` : `${prefix}.${zone}`;
}

/** object/endpoint.go: endpoints whose conditions.ready is true or unset; targetRef names under 64 chars. */
export function readyAddresses(slice: EndpointSlice): Address[] {
  const out: Address[] = [];
  for (const ep of slice.endpoints) {
    if (ep.conditions.ready === false) continue;
    const ref = ep.targetRef?.name;
    for (const ip of ep.addresses) {
      const a: Address = { ip };
      if (ep.hostname) a.hostname = ep.hostname;
      if (ep.zone !== undefined) a.zone = ep.zone;
      if (ref !== undefined && ref.length < 64) a.targetRefName = ref;
      out.push(a);
    }
  }
  return out;
}

/** object/endpoint.go: slice ports, or the sentinel port -1 when the slice has none. */
export function slicePorts(slice: EndpointSlice): SlicePort[] {
  if (!slice.ports.length) return [{ name: "", port: -1, protocol: "" }];
  return slice.ports.map((p) => ({ name: p.name ?? "", port: p.port ?? -1, protocol: p.protocol ?? "" }));
}

/** kubernetes.go endpointHostname (IPv6 labels ending in `-` get a `0`). */
export function endpointHostname(addr: Address, endpointPodNames: boolean): string {
  if (addr.hostname) return addr.hostname;
  if (endpointPodNames && addr.targetRefName) return addr.targetRefName;
  if (addr.ip.includes(".")) return addr.ip.replaceAll(".", "-");
  if (addr.ip.includes(":")) {
    const l = addr.ip.replaceAll(":", "-");
    return l.endsWith("-") ? `${l}0` : l;
  }
  return "";
}

/** kubernetes.go matchPortAndProtocol: the query side may be empty (wild). */
export function matchPortAndProtocol(qPort: string, port: string, qProto: string, proto: string): boolean {
  return (qPort === "" || qPort === port.toLowerCase()) && (qProto === "" || qProto === proto.toLowerCase());
}
