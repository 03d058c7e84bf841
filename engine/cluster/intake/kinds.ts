/**
 * Which kinds the API server serves: the built-in ones of a default 1.31 kube-apiserver (from the
 * generated schema), the kinds of CustomResourceDefinitions created so far, and — on OpenShift
 * profiles — the operator/config kinds the engine models. kubectl maps `apiVersion` + `kind` to a
 * resource exactly (k8s.io/apimachinery meta DefaultRESTMapper: kinds are case-sensitive).
 */
import { servedKinds, type ServedKind } from "./schema/schema.js";
import { CONFIG_NETWORK_SCHEMA, OPERATOR_NETWORK_SCHEMA } from "./rules/openshift-network-schema.js";
export type { ServedKind };

export interface KindInfo extends ServedKind {
  /** For CRD kinds: the definition's name (`widgets.example.com`). */
  crd?: string;
  /** For CRD kinds: the version's openAPIV3Schema. */
  schema?: Record<string, unknown>;
}

export class KindRegistry {
  private readonly custom = new Map<string, KindInfo>();

  constructor(private readonly extra: KindInfo[] = []) {}

  /**
   * `apps/v1` + `Deployment` → the served kind, or undefined ("no matches for kind"). kubectl's REST
   * mapper matches kinds case-insensitively (meta.DefaultRESTMapper keys lower-cased kinds), so
   * `kind: service` maps to Service — and then the server refuses the spelling (admission.ts).
   */
  resolve(apiVersion: string, kind: string): KindInfo | undefined {
    const key = `${apiVersion}/${kind}`;
    const exact =
      servedKinds().get(key) ??
      this.custom.get(key) ??
      this.extra.find((k) => gv(k) === apiVersion && k.kind === kind);
    if (exact) return exact;
    const lower = key.toLowerCase();
    for (const m of [servedKinds(), this.custom])
      for (const [k, v] of m) if (k.toLowerCase() === lower) return v;
    return undefined;
  }

  /** A hint for a kind that is not served: the versions serving that kind, or the nearest kind. */
  hint(kind: string): string | undefined {
    const all = [...servedKinds().values(), ...this.custom.values(), ...this.extra];
    const versions = [...new Set(all.filter((k) => k.kind === kind).map(gv))];
    if (versions.length) return `${kind} is served as ${versions.join(", ")}`;
    const near = this.nearest(kind);
    return near ? `did you mean ${near}?` : undefined;
  }

  /** The served kind nearest to a misspelt one (edit distance ≤ 2, case-insensitive), for a hint. */
  nearest(kind: string): string | undefined {
    let best: [string, number] | undefined;
    const names = new Set([
      ...[...servedKinds().values()].map((k) => k.kind),
      ...[...this.custom.values()].map((k) => k.kind),
      ...this.extra.map((k) => k.kind),
    ]);
    for (const k of names) {
      const d = distance(kind.toLowerCase(), k.toLowerCase());
      if (d <= 2 && (!best || d < best[1])) best = [k, d];
    }
    return best?.[0];
  }

  /**
   * A CustomResourceDefinition's kind by the name kubectl accepts for it: the kind or its plural
   * resource, case-insensitively (kubectl's RESTMapper over the discovery of served CRDs). Built-in
   * kinds are resolved by the facade's own alias table; this serves only what CRDs added.
   */
  named(name: string): KindInfo | undefined {
    const lower = name.toLowerCase();
    for (const k of this.custom.values())
      if (k.kind.toLowerCase() === lower || k.resource.toLowerCase() === lower) return k;
    return undefined;
  }

  register(k: KindInfo): void {
    this.custom.set(`${gv(k)}/${k.kind}`, k);
  }

  unregister(crd: string): void {
    for (const [key, k] of this.custom) if (k.crd === crd) this.custom.delete(key);
  }
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function gv(k: { group: string; version: string }): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** OpenShift's DNS and Network configuration kinds, served by an OpenShift API server. */
export const OPENSHIFT_KINDS: KindInfo[] = [
  {
    group: "operator.openshift.io",
    version: "v1",
    kind: "DNS",
    resource: "dnses",
    namespaced: false,
    def: "",
  },
  {
    group: "config.openshift.io",
    version: "v1",
    kind: "Network",
    resource: "networks",
    namespaced: false,
    def: "",
    schema: CONFIG_NETWORK_SCHEMA as Record<string, unknown>,
  },
  {
    group: "operator.openshift.io",
    version: "v1",
    kind: "Network",
    resource: "networks",
    namespaced: false,
    def: "",
    schema: OPERATOR_NETWORK_SCHEMA as Record<string, unknown>,
  },
];

/** schema.ParseGroupVersion: `v1`, `apps/v1`; more slashes are an error. */
export function parseGroupVersion(apiVersion: string): { group: string; version: string } | string {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const parts = apiVersion.split("/");
  if (parts.length === 1) return { group: "", version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return `unexpected GroupVersion string: ${apiVersion}`;
}
