/**
 * The in-process API server's front door: manifests in, admitted objects out to the runtime (which
 * turns them into the model and runs controllers), every refusal a ClusterError carrying the API
 * server's message, status and located issues. It keeps each object as admitted — the etcd copy —
 * for update validation and for kinds the engine stores but does not model.
 */
import type { Clock, Rng, SourceText } from "../../support/index.js";
import { ClusterError } from "../cluster-error.js";
import type { KubeObject, ObjectMeta } from "../model.js";
import type { IntakeResult } from "./intake.js";
import { intakeSource, type IntakeHost } from "./intake.js";
import { codeOf } from "./issues.js";
import { isObject, obj, sharedStrMap, str, type JsonObject } from "./json.js";
import { KindRegistry, OPENSHIFT_KINDS, type KindInfo } from "./kinds.js";
import type { ServiceAllocation } from "./rules/index.js";
import { toModel } from "./to-model.js";
import { sharedList } from "./shared-empty.js";
import type { KubeVersion } from "./version.js";
import { registerCrd } from "./rules/crd.js";
import { ADMIN_POLICY_KINDS } from "./rules/admin-network-policy.js";

export interface ApiServerOptions {
  clock: Clock;
  rng: Rng;
  version: KubeVersion;
  allocation: ServiceAllocation;
  openshift: boolean;
  namespacePhase(name: string): "Active" | "Terminating" | undefined;
  /** Stores what was admitted (the runtime's model side effects happen here). */
  commit(model: KubeObject, sent: JsonObject, previous: JsonObject | undefined): void;
}

export interface AppliedObject {
  kind: string;
  namespace?: string;
  name: string;
}

/** RFC 3339 seconds of the virtual clock (what creationTimestamp shows). */
export function rfc3339(clock: Clock): string {
  return new Date((clock.epochSeconds + Math.floor(clock.now() / 1000)) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
}

const HEX = "0123456789abcdef";

/**
 * A version-4 UUID from the engine's RNG (what k8s.io/apimachinery/pkg/util/uuid NewUUID gives an
 * object), written as one flat string: the digits drawn in text order.
 */
export function randomUid(r: Rng): string {
  const c = UID_CODES;
  let i = 0;
  const hex = (n: number) => {
    for (const end = i + n; i < end; i++) c[i] = HEX.charCodeAt(r.int(16));
  };
  hex(8);
  i++;
  hex(4);
  i += 2;
  hex(3);
  i++;
  c[i++] = "89ab".charCodeAt(r.int(4));
  hex(3);
  i++;
  hex(12);
  return String.fromCharCode.apply(null, c);
}

/** The character codes of a uid being written; the dashes and the version digit never change. */
const UID_CODES: number[] = [..."00000000-0000-4000-0000-000000000000"].map((ch) => ch.charCodeAt(0));

export class ApiServer {
  readonly kinds: KindRegistry;
  private readonly objects = new Map<string, JsonObject>();

  constructor(private readonly o: ApiServerOptions) {
    // The AdminNetworkPolicy CRDs are installed on every cluster the engine builds (real targets
    // install them where the cluster lacks them), so specs run unchanged everywhere.
    this.kinds = new KindRegistry([...ADMIN_POLICY_KINDS, ...(o.openshift ? OPENSHIFT_KINDS : [])]);
  }

  private key(kind: { group: string; kind: string }, namespace: string, name: string): string {
    return `${kind.group}/${kind.kind}/${namespace}/${name}`;
  }

  host(): IntakeHost {
    return {
      version: this.o.version,
      families: this.o.allocation.families,
      allocation: this.o.allocation,
      now: rfc3339(this.o.clock),
      kinds: this.kinds,
      namespacePhase: (n) => this.o.namespacePhase(n),
      stored: (k, ns, n) => this.objects.get(this.key(k, ns, n)),
      lookup: (gk, ns, n) => this.objects.get(`${gk}/${ns}/${n}`),
      uid: () => this.uid(),
    };
  }

  private uid(): string {
    return randomUid(this.o.rng);
  }

  /**
   * Applies one source; stops at the first refusal with a ClusterError (what came before stays).
   * `replace`: the source holds whole objects that replace the stored ones (label/patch edits).
   */
  apply(source: SourceText, replace = false): AppliedObject[] {
    const applied: AppliedObject[] = [];
    const results = intakeSource(source, this.host(), false, {
      stopOnError: true,
      refusalsOnly: true,
      replace,
      commit: (r) => {
        this.store(r);
        applied.push({ kind: r.kind!.kind, namespace: r.namespace || undefined, name: r.name });
      },
    });
    const refusal = results.find((r) => r.error);
    if (refusal) throw refusalError(refusal);
    return applied;
  }

  /**
   * Admits every object of a source, collecting every result (a refusal does not stop the source).
   * `dryRun`: allocation as a server-side dry run does it; `store`: admitted objects are kept, so
   * later documents and sources see them (a dry run against a cluster that already has them).
   */
  admitAll(source: SourceText, opts: { dryRun: boolean; store: boolean }): IntakeResult[] {
    return intakeSource(source, this.host(), opts.dryRun, opts.store ? { commit: (r) => this.store(r) } : {});
  }

  private store(r: IntakeResult): void {
    const o = r.object!;
    const kind = r.kind!;
    this.objects.set(this.key(kind, r.namespace, r.name), o);
    if (kind.group === "apiextensions.k8s.io" && kind.kind === "CustomResourceDefinition")
      registerCrd(this.kinds, o);
    this.o.commit(toModel(o, this.meta(o, r)), r.sent!, r.previous);
  }

  private meta(o: JsonObject, r: IntakeResult): ObjectMeta {
    const m = obj(o, "metadata");
    const owners = Array.isArray(m.ownerReferences) ? m.ownerReferences.filter(isObject) : [];
    return {
      name: r.name,
      namespace: r.kind!.namespaced ? r.namespace : "",
      uid: str(m, "uid"),
      labels: sharedStrMap(m, "labels"),
      annotations: sharedStrMap(m, "annotations"),
      resourceVersion: 0,
      ownerReferences: sharedList(
        owners.map((x) => ({
          kind: str(x, "kind"),
          name: str(x, "name"),
          uid: str(x, "uid"),
          ...(x.controller === true ? { controller: true } : {}),
        })),
      ),
      creationMs: this.o.clock.now(),
      source: r.location,
      admitted: o,
      ...(typeof obj(r.sent!, "metadata").deletionTimestamp === "string"
        ? { deletionMs: this.o.clock.now() }
        : {}),
    };
  }

  /** Takes `o` (an object's live manifest form) as the stored object its next update is checked against. */
  remember(o: JsonObject): void {
    const apiVersion = str(o, "apiVersion");
    const kind = this.kinds.resolve(apiVersion, str(o, "kind"));
    const m = obj(o, "metadata");
    if (kind) this.objects.set(this.key(kind, kind.namespaced ? str(m, "namespace") : "", str(m, "name")), o);
  }

  /** Forgets a deleted object (and a deleted CRD's kinds). */
  forget(kind: KindInfo, namespace: string, name: string): void {
    this.objects.delete(this.key(kind, namespace, name));
    if (kind.kind === "CustomResourceDefinition") this.kinds.unregister(name);
  }

  /** Every stored object of a namespace (for namespace deletion). */
  inNamespace(namespace: string): { group: string; kind: string; name: string }[] {
    const out: { group: string; kind: string; name: string }[] = [];
    for (const k of this.objects.keys()) {
      const [group, kind, ns, name] = k.split("/") as [string, string, string, string];
      if (ns === namespace) out.push({ group, kind, name });
    }
    return out;
  }
}

/** A refusal as the engine reports it: `file:line: <the API server's message>`. */
export function refusalError(r: IntakeResult): ClusterError {
  const e = r.error!;
  // Located at the first problem as admitManifests lists it (an unknown field at its key).
  const first = r.issues[0];
  const loc = first?.location ?? e.location;
  // Hints (did you mean ...) follow the server's words, one per line.
  const helps = [...new Set(r.issues.flatMap((i) => (i.help ? [i.help] : [])))];
  const text = `${loc.path}:${loc.line}: ${e.status.message}${helps.map((h) => `\n  help: ${h}`).join("")}`;
  const code = first?.code ?? codeOf(e.status);
  return new ClusterError(text, code, loc, first?.fieldPath ?? e.fieldPath, e.status, r.issues);
}
