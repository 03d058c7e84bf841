/**
 * Per-run namespaces on a shared cluster: every namespace a scenario's manifests use is renamed
 * `<prefix>-<name>` (the run never touches a namespace it did not create), in the manifests on the way
 * in (metadata.namespace, Namespace names, `kubernetes.io/metadata.name` selectors, EndpointSlice
 * targetRefs, in-cluster DNS names in ExternalNames) and in DNS names of probes, and back again in
 * what the cluster answers, so expectations written against the scenario's names hold unchanged.
 * System namespaces (kube-*, openshift-*, local-path-storage) keep their names.
 */
import { parseManifests, stringifyManifest } from "./yaml11.js";
import { CLUSTER_SCOPED_KINDS } from "./cluster-scoped.js";
import { renameNodes, type NodeNameMap } from "./node-names.js";

const SYSTEM = /^(kube-system|kube-public|kube-node-lease|local-path-storage|openshift-.*)$/;

type Raw = Record<string, unknown>;
/** `s` matched literally inside a RegExp. */
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const isMap = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

export class NamespaceMap {
  /** Scenario namespace → namespace on the cluster. */
  readonly created = new Map<string, string>();
  /** Cluster names of the namespaces an apply of this case has created on the cluster. */
  private readonly made = new Set<string>();

  /**
   * The namespaces an apply creates first: every one the case's manifests mention (an apply step,
   * so specs need not declare them), or for `expect apply` (`observe`) only those the case already
   * has — its `default` and what earlier applies made — so a manifest naming a namespace nobody
   * created is refused by the API server, as on the reference ("namespaces "x" not found").
   */
  toCreate(observe: boolean): string[] {
    const all = [...this.created.values()];
    const have = observe ? all.filter((n) => this.made.has(n) || n === this.created.get("default")) : all;
    for (const n of have) this.made.add(n);
    return have;
  }

  /** `text` (an API server's message) with every cluster name of the case's namespaces turned back. */
  backText(text: string): string {
    let out = text;
    for (const [k, v] of this.created)
      if (v !== k) out = out.replace(new RegExp(`(?<![a-z0-9-])${escapeRe(v)}(?![a-z0-9-])`, "g"), k);
    return out;
  }

  /** Objects the manifests put in namespaces that keep their names (`kind`, namespace, name). */
  readonly kept: { apiVersion: string; kind: string; namespace: string; name: string }[] = [];

  /** `keep`: scenario namespaces used under their own names too (the local target keeps `default`; `local up` all). */
  constructor(
    readonly prefix: string,
    private readonly keep: ReadonlySet<string> | "all" = new Set(),
  ) {}

  /** kube-*, openshift-* and the like: never renamed, never emptied or deleted by a run. */
  static isSystem(ns: string): boolean {
    return SYSTEM.test(ns);
  }

  private keeps(ns: string): boolean {
    return SYSTEM.test(ns) || this.keep === "all" || this.keep.has(ns);
  }

  /** Every cluster namespace a manifest or name mentioned (renamed or not). */
  readonly seen = new Set<string>();

  /**
   * Scenario node name → the cluster's (kind: node-names.ts), renamed where manifests choose a pod's
   * node and in node refs; names it lacks are the cluster's own.
   */
  nodes: Pick<NodeNameMap, "forward" | "back"> = { forward: new Map(), back: new Map() };

  /** The cluster's name for a scenario node. */
  forwardNode(node: string): string {
    return this.nodes.forward.get(node) ?? node;
  }

  /** The scenario's name for a cluster node. */
  backNode(node: string): string {
    return this.nodes.back.get(node) ?? node;
  }

  /** The cluster's name for a scenario namespace (recording it as one the run creates). */
  forward(ns: string): string {
    const real = this.rename(ns);
    this.seen.add(real);
    return real;
  }

  private rename(ns: string): string {
    if (this.keeps(ns)) return ns;
    let real = this.created.get(ns);
    if (!real) {
      real = `${this.prefix}-${ns}`.slice(0, 63).replace(/-+$/, "");
      this.created.set(ns, real);
    }
    return real;
  }

  /** The scenario's name for a cluster namespace. */
  back(ns: string): string {
    for (const [k, v] of this.created) if (v === ns) return k;
    return ns;
  }

  /**
   * In-cluster DNS names: `x.<ns>.svc.…` / `<ip>.<ns>.pod.…` with the namespace label renamed. The
   * label keeps the case it was written in (`c1-TestNS`): DNS matches names case-insensitively and
   * answers echo the question's case, which backName then restores.
   */
  forwardName(name: string): string {
    // `svc.ns` (a Service in another namespace, through the search list: the form the NetworkPolicy
    // e2e tests and people use) names a namespace only when that namespace is one of the scenario's.
    const short = /^([a-z0-9-]+)\.([a-z0-9-]+)$/i.exec(name);
    if (short && this.created.has(short[2]!.toLowerCase())) {
      const real = this.forward(short[2]!.toLowerCase());
      return `${short[1]}.${real.endsWith(short[2]!.toLowerCase()) ? `${real.slice(0, real.length - short[2]!.length)}${short[2]}` : real}`;
    }
    return name.replace(/(^|\.)([a-z0-9-]+)(?=\.(svc|pod)(\.|$))/gi, (m, dot: string, ns: string) => {
      const lower = ns.toLowerCase();
      if (this.keeps(lower) || lower === "svc") return m;
      const real = this.forward(lower);
      return real.endsWith(lower)
        ? `${dot}${real.slice(0, real.length - lower.length)}${ns}`
        : `${dot}${real}`;
    });
  }

  backName(text: string): string {
    let out = text;
    for (const [k, v] of this.created) {
      if (!v.endsWith(k)) {
        out = out.split(`.${v}.`).join(`.${k}.`).split(`${v}/`).join(`${k}/`);
        continue;
      }
      const prefix = escapeRe(v.slice(0, v.length - k.length));
      const ns = escapeRe(k);
      out = out.replace(new RegExp(`(^|[./\\s])${prefix}(${ns})(?=[./]|$)`, "gim"), "$1$2");
    }
    return out;
  }

  /** Manifests (multi-document YAML) with every scenario namespace renamed. */
  manifests(text: string): string {
    const out: string[] = [];
    for (const o of parseManifests(text)) {
      if (!isMap(o)) continue;
      out.push(stringifyManifest(this.object(o)).trimEnd());
    }
    return out.join("\n---\n") + "\n";
  }

  private object(o: Raw): Raw {
    const kind = String(o.kind ?? "");
    const meta = isMap(o.metadata) ? o.metadata : (o.metadata = {});
    if (kind === "Namespace") {
      meta.name = this.forward(String(meta.name));
      const labels = isMap(meta.labels) ? meta.labels : {};
      delete labels["kubernetes.io/metadata.name"];
      meta.labels = labels;
      return o;
    }
    if (!CLUSTER_SCOPED_KINDS.has(kind)) {
      meta.namespace = this.forward(String(meta.namespace ?? "default"));
      if (this.keeps(meta.namespace as string))
        this.kept.push({
          apiVersion: String(o.apiVersion ?? "v1"),
          kind,
          namespace: meta.namespace as string,
          name: String(meta.name ?? ""),
        });
    }
    this.selectors(o);
    if (this.nodes.forward.size) renameNodes(o, (n) => this.forwardNode(n));
    const spec = isMap(o.spec) ? o.spec : undefined;
    if (kind === "Service" && spec && typeof spec.externalName === "string")
      spec.externalName = this.forwardName(spec.externalName);
    if (kind === "EndpointSlice" && Array.isArray(o.endpoints))
      for (const e of o.endpoints)
        if (isMap(e) && isMap(e.targetRef) && typeof e.targetRef.namespace === "string")
          e.targetRef.namespace = this.forward(e.targetRef.namespace);
    return o;
  }

  /** namespaceSelector matchLabels / matchExpressions on `kubernetes.io/metadata.name`, anywhere. */
  private selectors(v: unknown): void {
    if (Array.isArray(v)) return v.forEach((x) => this.selectors(x));
    if (!isMap(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "namespaceSelector" && isMap(x)) {
        if (isMap(x.matchLabels) && typeof x.matchLabels["kubernetes.io/metadata.name"] === "string")
          x.matchLabels["kubernetes.io/metadata.name"] = this.forward(
            x.matchLabels["kubernetes.io/metadata.name"],
          );
        if (Array.isArray(x.matchExpressions))
          for (const e of x.matchExpressions)
            if (isMap(e) && e.key === "kubernetes.io/metadata.name" && Array.isArray(e.values))
              e.values = e.values.map((n) => this.forward(String(n)));
      } else this.selectors(x);
    }
  }
}
