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
  /** `multicluster ZONES...`: the MCS-API zones (normalised), each one of `zones`; [] = off. */
  multiclusterZones: string[];
}

const IGNORED = new Set(["kubeconfig", "endpoint", "tls", "startup_timeout", "resyncperiod"]);

function err(d: Directive, message: string): never {
  throw new CorefileError(`plugin/kubernetes: ${message}`, d.line);
}

/** While parsing: where `multicluster` was written (for the authority check's error). */
type ParsingOptions = KubernetesOptions & { multiclusterLine?: number };

type StanzaOption = (d: Directive, o: ParsingOptions) => void;

const noArgs = (d: Directive) => {
  if (d.args.length) err(d, `wrong argument count for ${d.name}`);
};

/** A label selector option (`namespace_labels`, `labels`). */
function selectorArg(d: Directive, what: string): Selector {
  if (!d.args.length) err(d, `wrong argument count for ${d.name}`);
  const s = parseSelector(d.args.join(" "));
  if (!s) err(d, `unable to parse ${what} selector value: '${d.args.join(" ")}'`);
  return s;
}

/** Which objects are served: namespaces, namespace_labels, labels, ignore empty_service. */
const SCOPE: Record<string, StanzaOption> = {
  namespaces: (d, o) => {
    if (!d.args.length) err(d, "wrong argument count for namespaces");
    for (const n of d.args) o.namespaces.add(n);
  },
  namespace_labels: (d, o) => {
    o.namespaceSelector = selectorArg(d, "namespace_label");
  },
  labels: (d, o) => {
    o.labelSelector = selectorArg(d, "label");
  },
  ignore: (d, o) => {
    if (d.args.length !== 1 || d.args[0] !== "empty_service")
      err(d, `unable to parse ignore value: '${d.args.join(" ")}'`);
    o.ignoreEmptyService = true;
  },
  // setup.go: plugin.OriginsFromArgsOrServerBlock(args, []string{}), so a bare `multicluster` sets none.
  multicluster: (d, o) => {
    o.multiclusterZones = d.args.flatMap(zoneArgs);
    o.multiclusterLine = d.line;
  },
};

/** How records are built: pods, endpoint_pod_names, noendpoints, zonal, ttl, fallthrough. */
const RECORDS: Record<string, StanzaOption> = {
  pods: (d, o) => {
    const a = d.args;
    if (a.length !== 1 || !["disabled", "insecure", "verified"].includes(a[0]!)) {
      err(d, `wrong value for pods: ${a.join(" ")},  must be one of: disabled, verified, insecure`);
    }
    o.podMode = a[0] as PodMode;
  },
  endpoint_pod_names: (d, o) => {
    noArgs(d);
    o.endpointPodNames = true;
  },
  noendpoints: (d, o) => {
    noArgs(d);
    o.noEndpoints = true;
  },
  zonal: (d, o) => {
    noArgs(d);
    o.zonal = true;
  },
  ttl: (d, o) => {
    const a = d.args;
    if (a.length !== 1) err(d, "wrong argument count for ttl");
    const t = Number(a[0]);
    if (!/^-?\d+$/.test(a[0]!)) err(d, `invalid ttl '${a[0]}'`);
    if (t < 0 || t > 3600) err(d, `ttl must be in range [0, 3600]: ${t}`);
    o.ttl = t;
  },
  fallthrough: (d, o) => {
    o.fallthrough = d.args.length ? d.args.map(normalizeZone) : ["."];
  },
};

const STANZA = new Map(Object.entries({ ...SCOPE, ...RECORDS }));

export function parseOptions(directive: Directive, block: ServerBlock): KubernetesOptions {
  const zones = directive.args.length ? directive.args.flatMap(zoneArgs) : [...block.zones];
  const primary = zones.find((z) => !isReverse(z === "." ? "." : z));
  if (primary === undefined) err(directive, "non-reverse zone name must be used");
  const o: ParsingOptions = {
    zones,
    primaryZone: primary,
    podMode: "disabled",
    ttl: 5,
    endpointPodNames: false,
    ignoreEmptyService: false,
    namespaces: new Set(),
    noEndpoints: false,
    zonal: false,
    multiclusterZones: [],
  };
  for (const d of directive.block) {
    const option = STANZA.get(d.name);
    if (option) option(d, o);
    else if (!IGNORED.has(d.name) && !d.name.startsWith("apiserver_")) err(d, `unknown property '${d.name}'`);
  }
  checkMulticlusterZones(directive, o);
  delete o.multiclusterLine;
  if (o.zonal && o.noEndpoints) err(directive, "zonal requires the endpoint cache; remove noendpoints");
  if (o.namespaces.size && o.namespaceSelector) {
    err(directive, "namespaces and namespace_labels cannot both be set");
  }
  return o;
}

/** setup.go: every multicluster zone must be one of the plugin's own zones (the plugin answers it). */
function checkMulticlusterZones(directive: Directive, o: ParsingOptions): void {
  for (const z of o.multiclusterZones) {
    if (o.zones.includes(z)) continue;
    throw new CorefileError(
      `plugin/kubernetes: is not authoritative for the multicluster zone ${z} (authoritative zones: [${o.zones.join(" ")}])`,
      o.multiclusterLine ?? directive.line,
    );
  }
}

/** kubernetes.go isMultiClusterZone: the matched zone is one of the multicluster zones. */
export function isMulticlusterZone(o: KubernetesOptions, zone: string): boolean {
  const z = zone.toLowerCase();
  return o.multiclusterZones.some((m) => isSubdomain(m, z));
}

/** A zone argument (plugin.Host normalisation): CIDR notation becomes its reverse zone(s). */
function zoneArgs(z: string): string[] {
  return reverseZonesForCidr(z) ?? [normalizeZone(z)];
}

/** fall.F.Through: the name is inside one of the fallthrough zones. */
export function fallsThrough(o: KubernetesOptions, name: string): boolean {
  return o.fallthrough?.some((z) => isSubdomain(z, name)) ?? false;
}
