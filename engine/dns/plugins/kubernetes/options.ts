/**
 * `kubernetes [ZONES...] { ... }` setup, after CoreDNS plugin/kubernetes/setup.go `ParseStanza`.
 * Options that only concern the API connection (kubeconfig, endpoint, tls, apiserver_*, startup_timeout)
 * are accepted and ignored: the reference engine reads the cluster model directly and is always synced.
 */
import { CorefileError } from "../../plugin.js";
import type { Directive, ServerBlock } from "../../plugin.js";
import { reverseZonesForCidr } from "../../corefile/index.js";
import { isSubdomain, normalizeZone } from "../shared/index.js";
import { isReverse } from "./ip.js";
import { parseSelector } from "./selector.js";
import type { Selector } from "./selector.js";

export type PodMode = "disabled" | "insecure" | "verified";

export interface KubernetesOptions {
  /** Normalised zones in configured order (lower-case, trailing dot). */
  zones: string[];
  primaryZone: string;
  podMode: PodMode;
  ttl: number;
  /** undefined = no fallthrough; otherwise the zones it applies to (`.` for all). */
  fallthrough?: string[];
  endpointPodNames: boolean;
  ignoreEmptyService: boolean;
  namespaces: Set<string>;
  namespaceSelector?: Selector;
  labelSelector?: Selector;
  noEndpoints: boolean;
  zonal: boolean;
}

const IGNORED = new Set(["kubeconfig", "endpoint", "tls", "startup_timeout", "resyncperiod"]);

function err(d: Directive, message: string): never {
  throw new CorefileError(`plugin/kubernetes: ${message}`, d.line);
}

export function parseOptions(directive: Directive, block: ServerBlock): KubernetesOptions {
  const zones = directive.args.length ? directive.args.flatMap(zoneArgs) : [...block.zones];
  const primary = zones.find((z) => !isReverse(z === "." ? "." : z));
  if (primary === undefined) err(directive, "non-reverse zone name must be used");
  const o: KubernetesOptions = {
    zones,
    primaryZone: primary,
    podMode: "disabled",
    ttl: 5,
    endpointPodNames: false,
    ignoreEmptyService: false,
    namespaces: new Set(),
    noEndpoints: false,
    zonal: false,
  };
  for (const d of directive.block) {
    const a = d.args;
    switch (d.name) {
      case "endpoint_pod_names":
        if (a.length) err(d, `wrong argument count for ${d.name}`);
        o.endpointPodNames = true;
        break;
      case "pods":
        if (a.length !== 1 || !["disabled", "insecure", "verified"].includes(a[0]!)) {
          err(d, `wrong value for pods: ${a.join(" ")},  must be one of: disabled, verified, insecure`);
        }
        o.podMode = a[0] as PodMode;
        break;
      case "namespaces":
        if (!a.length) err(d, "wrong argument count for namespaces");
        for (const n of a) o.namespaces.add(n);
        break;
      case "namespace_labels": {
        if (!a.length) err(d, "wrong argument count for namespace_labels");
        const s = parseSelector(a.join(" "));
        if (!s) err(d, `unable to parse namespace_label selector value: '${a.join(" ")}'`);
        o.namespaceSelector = s;
        break;
      }
      case "labels": {
        if (!a.length) err(d, "wrong argument count for labels");
        const s = parseSelector(a.join(" "));
        if (!s) err(d, `unable to parse label selector value: '${a.join(" ")}'`);
        o.labelSelector = s;
        break;
      }
      case "fallthrough":
        o.fallthrough = a.length ? a.map(normalizeZone) : ["."];
        break;
      case "ttl": {
        if (a.length !== 1) err(d, "wrong argument count for ttl");
        const t = Number(a[0]);
        if (!/^-?\d+$/.test(a[0]!)) err(d, `invalid ttl '${a[0]}'`);
        if (t < 0 || t > 3600) err(d, `ttl must be in range [0, 3600]: ${t}`);
        o.ttl = t;
        break;
      }
      case "noendpoints":
        if (a.length) err(d, `wrong argument count for ${d.name}`);
        o.noEndpoints = true;
        break;
      case "ignore":
        if (a.length !== 1 || a[0] !== "empty_service")
          err(d, `unable to parse ignore value: '${a.join(" ")}'`);
        o.ignoreEmptyService = true;
        break;
      case "zonal":
        if (a.length) err(d, `wrong argument count for ${d.name}`);
        o.zonal = true;
        break;
      case "multicluster":
        err(d, "'multicluster' (MCS ServiceImports) is not supported by the reference engine");
        break;
      default:
        if (IGNORED.has(d.name) || d.name.startsWith("apiserver_")) break;
        err(d, `unknown property '${d.name}'`);
    }
  }
  if (o.zonal && o.noEndpoints) err(directive, "zonal requires the endpoint cache; remove noendpoints");
  if (o.namespaces.size && o.namespaceSelector) {
    err(directive, "namespaces and namespace_labels cannot both be set");
  }
  return o;
}

/** A zone argument (plugin.Host normalisation): CIDR notation becomes its reverse zone(s). */
function zoneArgs(z: string): string[] {
  return reverseZonesForCidr(z) ?? [normalizeZone(z)];
}

/** fall.F.Through: the name is inside one of the fallthrough zones. */
export function fallsThrough(o: KubernetesOptions, name: string): boolean {
  return o.fallthrough?.some((z) => isSubdomain(z, name)) ?? false;
}
