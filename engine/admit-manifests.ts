/**
 * The engine's admission, offline and pure: manifests in, for every object what a kube-apiserver
 * of the cluster's version would do with it — the admitted, defaulted object, or the refusal with
 * every problem as a located diagnostic (file, line and column inside the source, field path, the
 * API server's or kubectl's words). Objects are admitted in order into a fresh cluster of the
 * given profile, each seeing the ones before it (a namespace created first hosts what follows),
 * and nothing stops at the first refusal: what `netspec check` and `netspec apply --dry-run` need.
 */
import { buildProfile, causeText, ClusterRuntime, type IntakeResult } from "./cluster/index.js";
import type { ClusterSpec } from "./engine.js";
import { profileSpecOf } from "./facade/install-network.js";
import { createClock, createRng, type SourceText } from "./support/index.js";

export interface ManifestDiagnostic {
  severity: "error" | "warning";
  /** manifest/invalid, manifest/decode, manifest/unknown-field, manifest/unknown-kind, manifest/yaml, ... */
  code: string;
  file: string;
  line: number;
  column: number;
  /** The field the problem is about (`spec.ports[0].name`), when there is one. */
  fieldPath?: string;
  message: string;
  /** A did-you-mean for misspelt fields. */
  help?: string;
}

export interface AdmittedDocument {
  file: string;
  line: number;
  column: number;
  /** As the manifest names them ("" when it could not be read). */
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  accepted: boolean;
  /** The object as the API server would store it (and `kubectl apply --dry-run=server -o json` print it). */
  object?: Record<string, unknown>;
  /** The refusal: reason (Invalid, BadRequest, NotFound, ...; Client for kubectl's own) and message. */
  status?: {
    reason: string;
    code: number;
    message: string;
    /** For Invalid: the object's kind (without group) and every cause, as StatusDetails holds them. */
    kind?: string;
    causes?: { field: string; message: string }[];
  };
  diagnostics: ManifestDiagnostic[];
}

export interface AdmissionReport {
  documents: AdmittedDocument[];
  /** Every diagnostic of every document, in order. */
  diagnostics: ManifestDiagnostic[];
}

/**
 * A source. `dryRun`: admitted as a server-side dry run (the dry-run allocators: a Service gets the
 * range's base address and node ports from 32769, as kube-apiserver answers `--dry-run=server`);
 * `keep` (default true): the admitted objects stay, so later documents see them.
 */
export type AdmissionSource = SourceText & { dryRun?: boolean; keep?: boolean };

export interface AdmitManifestsOptions {
  /** The cluster the objects go into (default: kubeadm, single node). */
  cluster?: ClusterSpec;
  seed?: number;
}

function document(r: IntakeResult): AdmittedDocument {
  const sent = r.sent ?? {};
  const status = r.error?.status;
  const causes = status?.details?.causes.map((c) => ({ field: c.field, message: causeText(c) }));
  return {
    file: r.location.path,
    line: r.location.line,
    column: r.location.column,
    apiVersion: typeof sent.apiVersion === "string" ? sent.apiVersion : "",
    kind: r.kind?.kind ?? (typeof sent.kind === "string" ? sent.kind : ""),
    namespace: r.namespace,
    name: r.name,
    accepted: !r.error,
    object: r.error ? undefined : r.object,
    status: status
      ? {
          reason: status.reason,
          code: status.code,
          message: status.message,
          ...(causes ? { kind: status.details!.kind, causes } : {}),
        }
      : undefined,
    diagnostics: r.issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      file: i.location.path,
      line: i.location.line,
      column: i.location.column,
      ...(i.fieldPath ? { fieldPath: i.fieldPath } : {}),
      message: i.message,
      ...(i.help ? { help: i.help } : {}),
    })),
  };
}

export function admitManifests(
  sources: AdmissionSource[],
  options: AdmitManifestsOptions = {},
): AdmissionReport {
  const spec: ClusterSpec = options.cluster ?? { profile: "kubeadm", nodes: 1 };
  const profile = buildProfile(profileSpecOf(spec));
  const runtime = new ClusterRuntime({
    info: profile.info,
    clock: createClock(),
    rng: createRng(options.seed ?? 1).fork("cluster"),
    taints: profile.taints,
    reservedServiceIPs: profile.reservedServiceIPs,
    pinnedIPsAnywhere: profile.pinnedIPsAnywhere,
    kubernetesVersion: spec.kubernetesVersion,
  });
  runtime.apply([{ path: `<${spec.profile} profile>`, text: profile.manifests, line: 1, column: 1 }]);
  const documents: AdmittedDocument[] = [];
  for (const source of sources) {
    const results = runtime.api.admitAll(source, {
      dryRun: source.dryRun === true,
      store: source.keep !== false,
    });
    documents.push(...results.map(document));
  }
  runtime.reconcile();
  return { documents, diagnostics: documents.flatMap((d) => d.diagnostics) };
}
