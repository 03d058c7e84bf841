/**
 * Object edits as kubectl makes them: apply, delete, label/annotate, patch (set/remove by path, merge
 * patch) and scale, each re-admitted through the API's validation (engine/cluster intake). Kinds are
 * accepted as kubectl spells them (singular, plural, short names).
 */
import {
  KINDS,
  mergePatch,
  removePath,
  setPath,
  toManifest,
  type ClusterRuntime,
  type KubeObject,
} from "../cluster/index.js";
import { EngineError, type Engine, type ObjectKey } from "../engine.js";
import type { Clock, SourceText } from "../support/index.js";
import { parseDocument } from "yaml";
import { guard } from "./errors.js";

/** kubectl's names for the kinds the model knows (`kubectl api-resources`: NAME, SHORTNAMES). */
const KIND_ALIASES: Record<string, string> = {
  pod: "Pod",
  pods: "Pod",
  po: "Pod",
  service: "Service",
  services: "Service",
  svc: "Service",
  namespace: "Namespace",
  namespaces: "Namespace",
  ns: "Namespace",
  node: "Node",
  nodes: "Node",
  no: "Node",
  endpointslice: "EndpointSlice",
  endpointslices: "EndpointSlice",
  configmap: "ConfigMap",
  configmaps: "ConfigMap",
  cm: "ConfigMap",
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  replicaset: "ReplicaSet",
  replicasets: "ReplicaSet",
  rs: "ReplicaSet",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
  daemonset: "DaemonSet",
  daemonsets: "DaemonSet",
  ds: "DaemonSet",
  job: "Job",
  jobs: "Job",
  networkpolicy: "NetworkPolicy",
  networkpolicies: "NetworkPolicy",
  netpol: "NetworkPolicy",
  adminnetworkpolicy: "AdminNetworkPolicy",
  adminnetworkpolicies: "AdminNetworkPolicy",
  anp: "AdminNetworkPolicy",
  baselineadminnetworkpolicy: "BaselineAdminNetworkPolicy",
  baselineadminnetworkpolicies: "BaselineAdminNetworkPolicy",
  banp: "BaselineAdminNetworkPolicy",
  dns: "DNS",
  network: "Network",
};

type LabelChange = Parameters<Engine["label"]>[1];
type PatchOp = Parameters<Engine["patch"]>[1][number];

const SCALABLE = ["Deployment", "ReplicaSet", "StatefulSet", "Job"];

export class ObjectEdits {
  constructor(
    private readonly runtime: ClusterRuntime,
    private readonly clock: Clock,
  ) {}

  apply(sources: SourceText[]): { applied: ObjectKey[] } {
    return { applied: guard(() => this.runtime.apply(sources)) };
  }

  /** The object as the API would return it (manifest form). */
  get(key: ObjectKey): Record<string, unknown> | undefined {
    const { obj } = this.lookup(key);
    return obj ? toManifest(obj, this.clock.epochSeconds) : undefined;
  }

  object(key: ObjectKey): KubeObject | undefined {
    return this.lookup(key).obj;
  }

  delete(key: ObjectKey): void {
    const { kind, namespace } = this.lookup(key);
    if (!guard(() => this.runtime.remove(kind, namespace, key.name)))
      throw new EngineError(`${kind.toLowerCase()}s "${key.name}" not found`, "object/not-found");
  }

  label(key: ObjectKey, change: LabelChange): void {
    const obj = this.must(key);
    const m = toManifest(obj, this.clock.epochSeconds);
    let meta: Record<string, unknown>;
    if (change.podTemplate) {
      const spec = m.spec as Record<string, unknown> | undefined;
      const template = spec?.template as Record<string, unknown> | undefined;
      if (!template)
        throw new EngineError(
          `${obj.kind} "${obj.metadata.name}" has no pod template`,
          "object/invalid-edit",
        );
      meta = (template.metadata ??= {}) as Record<string, unknown>;
    } else meta = m.metadata as Record<string, unknown>;
    const field = change.annotate ? "annotations" : "labels";
    const map = { ...((meta[field] as Record<string, string> | undefined) ?? {}) };
    for (const [k, v] of Object.entries(change.set)) map[k] = v;
    for (const k of change.remove) delete map[k];
    meta[field] = map;
    guard(() => this.runtime.readmit(obj, m));
  }

  patch(key: ObjectKey, ops: PatchOp[]): void {
    const obj = this.must(key);
    let m: Record<string, unknown> = toManifest(obj, this.clock.epochSeconds);
    for (const op of ops) {
      if (op.op === "set") setPath(m, op.path, op.value);
      else if (op.op === "remove") {
        if (!removePath(m, op.path))
          throw new EngineError(
            `patch: path "${op.path}" does not exist on ${obj.kind} "${obj.metadata.name}"`,
            "object/invalid-edit",
          );
      } else m = mergePatch(m, parseMergePatch(op.patch)) as Record<string, unknown>;
    }
    guard(() => this.runtime.readmit(obj, m));
  }

  scale(key: ObjectKey, replicas: number): void {
    const obj = this.must(key);
    if (!SCALABLE.includes(obj.kind))
      throw new EngineError(`${obj.kind} "${obj.metadata.name}" cannot be scaled`, "object/invalid-edit");
    const m = toManifest(obj, this.clock.epochSeconds);
    const spec = m.spec as Record<string, unknown>;
    if (obj.kind === "Job") spec.parallelism = replicas;
    else spec.replicas = replicas;
    guard(() => this.runtime.readmit(obj, m));
  }

  /** The kind and its scope: a built-in by kubectl's names, else a kind a CRD added. */
  private kindOf(key: ObjectKey): { kind: string; namespaced: boolean } {
    const k = KIND_ALIASES[key.kind.toLowerCase()] ?? key.kind;
    if (KINDS[k] && k !== "Endpoints") return { kind: k, namespaced: KINDS[k].namespaced };
    const custom = this.runtime.api.kinds.named(key.kind);
    if (custom) return { kind: custom.kind, namespaced: custom.namespaced };
    throw new EngineError(`unknown kind "${key.kind}"`, "object/unknown-kind");
  }

  private lookup(key: ObjectKey): { kind: string; namespace: string; obj: KubeObject | undefined } {
    const { kind, namespaced } = this.kindOf(key);
    const namespace = namespaced ? (key.namespace ?? "default") : "";
    return { kind, namespace, obj: this.runtime.store.get(kind, namespace, key.name) };
  }

  private must(key: ObjectKey): KubeObject {
    const { kind, obj } = this.lookup(key);
    if (!obj) throw new EngineError(`${kind.toLowerCase()}s "${key.name}" not found`, "object/not-found");
    return obj;
  }
}

/** A merge patch's YAML; a syntax error points at the patch's own source. */
function parseMergePatch(patch: SourceText): unknown {
  const doc = parseDocument(patch.text);
  if (doc.errors.length) {
    const loc = { path: patch.path, line: patch.line, column: patch.column };
    throw new EngineError(
      `${loc.path}:${loc.line}: invalid merge patch: ${doc.errors[0]!.message.split("\n")[0]}`,
      "manifest/yaml",
      loc,
    );
  }
  return doc.toJS();
}
