/** kubernetes/parse.go parseRequest: the labels left of the zone, read right to left. */
import { isSubdomain } from "../shared/index.js";
import { labelsOf } from "../../wire/index.js";

export interface RecordRequest {
  podOrSvc: "" | "pod" | "svc";
  namespace: string;
  service: string;
  endpoint: string;
  port: string;
  protocol: string;
  /** Multicluster zones: the cluster id of `endpoint.cluster.service.namespace.svc`. */
  cluster: string;
  /** Zonal names: the topology zone (may contain dots) and whether the directive is `prefer`. */
  topoZone: string;
  zonePrefer: boolean;
}

/** Undefined = errInvalidRequest (NXDOMAIN). `name` is lower-cased; `zone` in any case. */
export function parseRequest(
  name: string,
  zone: string,
  zonal = false,
  multicluster = false,
): RecordRequest | undefined {
  const r: RecordRequest = {
    podOrSvc: "",
    namespace: "",
    service: "",
    endpoint: "",
    port: "",
    protocol: "",
    cluster: "",
    topoZone: "",
    zonePrefer: false,
  };
  const base = trimZone(name, zone);
  // NODATA for the apex, svc.<zone> and pod.<zone>.
  if (base === "" || base === "svc" || base === "pod") return r;
  // dns.SplitDomainName: an escaped dot (a\.b) stays inside its label.
  const segs = labelsOf(base);
  let last = segs.length - 1;
  const top = segs[last]!;
  if (top !== "pod" && top !== "svc") return undefined;
  r.podOrSvc = top;
  if (--last < 0) return r;
  r.namespace = segs[last]!;
  if (--last < 0) return r;
  r.service = segs[last]!;
  if (--last < 0) return r;
  // One label left: an endpoint; two: port and protocol (underscores optional), or in a multicluster
  // zone `endpoint.cluster` unless either label starts with `_`; more: a zonal name
  // `<topology zone>.pin|prefer._zone` (option `zonal`, svc only, never multicluster) or too long.
  if (last === 0) r.endpoint = segs[0]!;
  else if (last === 1) {
    if (!multicluster || segs[1]!.startsWith("_") || segs[0]!.startsWith("_")) {
      r.protocol = stripUnderscore(segs[1]!);
      r.port = stripUnderscore(segs[0]!);
    } else {
      r.cluster = segs[1]!;
      r.endpoint = segs[0]!;
    }
  } else {
    if (!zonal || multicluster || segs[last] !== "_zone" || r.podOrSvc !== "svc") return undefined;
    const directive = segs[last - 1];
    if (directive !== "pin" && directive !== "prefer") return undefined;
    r.zonePrefer = directive === "prefer";
    r.topoZone = segs.slice(0, last - 1).join(".");
  }
  return r;
}

function stripUnderscore(s: string): string {
  return s.startsWith("_") ? s.slice(1) : s;
}

/** dnsutil.TrimZone with the trailing dot dropped; the name must be inside the zone. */
export function trimZone(name: string, zone: string): string {
  if (zone === ".") return name.replace(/\.$/, "");
  if (!isSubdomain(zone, name)) return "";
  const base = name.slice(0, name.length - zone.length);
  return base.endsWith(".") ? base.slice(0, -1) : base;
}
