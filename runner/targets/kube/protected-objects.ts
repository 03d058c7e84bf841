/**
 * Safety on real clusters: a run only changes namespaces it created. Anything else a spec changes —
 * a cluster-scoped object (the OpenShift DNS CR, a ClusterRole) or an object in a system namespace
 * (kube-system, openshift-*) — is snapshotted before the first change and restored after the case,
 * newest first (replaced as it was, or deleted when it did not exist), on failure and Ctrl-C too
 * (the runner gives teardown a signal of its own). Snapshots are also written to the run's directory,
 * so what a killed run changed can be seen and put back. On a context netspec did not create, such
 * changes need `--allow-cluster-changes`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { TargetError, type TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";
import { CLUSTER_SCOPED_KINDS } from "./cluster-scoped.js";
import { NamespaceMap } from "./namespaces.js";

export interface ObjectId {
  apiVersion: string;
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
}

const label = (o: ObjectId) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}`;
/** `kind.group` as kubectl takes it, so a CR kind is never confused with a built-in of the same name. */
const resource = (o: ObjectId) =>
  o.apiVersion.includes("/") ? `${o.kind.toLowerCase()}.${o.apiVersion.split("/")[0]}` : o.kind.toLowerCase();

/**
 * The objects of (already renamed) manifests that live outside the run's own namespaces: cluster-scoped
 * ones, and those in namespaces that keep their names (system namespaces, and `default` where the
 * run may change the cluster).
 */
export function outsideObjects(
  text: string,
  kept: (namespace: string) => boolean = NamespaceMap.isSystem,
): ObjectId[] {
  const out: ObjectId[] = [];
  for (const d of parseAllDocuments(text)) {
    const o = d.toJS() as {
      apiVersion?: string;
      kind?: string;
      metadata?: { name?: string; namespace?: string };
    } | null;
    if (!o?.kind || !o.metadata?.name || o.kind === "Namespace") continue;
    const base = { apiVersion: o.apiVersion ?? "v1", kind: o.kind, name: o.metadata.name };
    if (CLUSTER_SCOPED_KINDS.has(o.kind)) out.push(base);
    else if (kept(o.metadata.namespace ?? "default")) out.push({ ...base, namespace: o.metadata.namespace });
  }
  return out;
}

interface Snapshot {
  id: ObjectId;
  /** The object as it was, or undefined when it did not exist. */
  before?: Record<string, unknown>;
}

export class ProtectedObjects {
  private snapshots: Snapshot[] = [];

  constructor(
    private readonly o: {
      /** Whether this context may be changed outside the run's namespaces. */
      allowed: () => boolean;
      /** Where the snapshots are written (the run's work directory). */
      dir?: string;
      dryRun?: boolean;
      write?: (line: string) => void;
    },
  ) {}

  /** What this case has protected so far (`--dry-run` prints it). */
  list(): string[] {
    return this.snapshots.map((s) => label(s.id));
  }

  /** Snapshots each object before the run first changes it; refuses on a context not allowed. */
  async protect(ids: ObjectId[], kubectl: Kubectl, ctx: TargetContext): Promise<void> {
    for (const id of ids) {
      if (this.snapshots.some((s) => label(s.id) === label(id))) continue;
      if (!this.o.allowed())
        throw new TargetError(
          `the spec changes ${label(id)}, outside the namespaces the run creates, on context "${kubectl.context}": pass --allow-cluster-changes to allow it (it is restored after each case)`,
          "user",
          undefined,
          undefined,
          "target/cluster-change-refused",
        );
      if (this.o.dryRun)
        this.o.write?.(`# snapshot before the change, restored after the case: ${label(id)}`);
      const args = id.namespace ? [resource(id), id.name, "-n", id.namespace] : [resource(id), id.name];
      const before = this.o.dryRun ? undefined : await kubectl.getJson<Record<string, unknown>>(args, ctx);
      this.snapshots.push({ id, before });
      this.persist();
    }
  }

  /** Puts every protected object back as it was, newest first; returns what could not be restored. */
  async restoreAll(kubectl: Kubectl, ctx: TargetContext): Promise<string[]> {
    const failed: string[] = [];
    for (const s of [...this.snapshots].reverse()) {
      try {
        if (s.before)
          await kubectl.run(["kubectl", "replace", "-f", "-"], ctx, {
            input: JSON.stringify(restorable(s.before)),
          });
        else {
          const args = s.id.namespace
            ? [resource(s.id), s.id.name, "-n", s.id.namespace]
            : [resource(s.id), s.id.name];
          // A pod goes from the API at once (the kubelet stops it after): the next case may reuse its name.
          const now = s.id.kind === "Pod" ? ["--grace-period=0", "--force"] : [];
          const r = await kubectl.run(
            ["kubectl", "delete", ...args, ...now, "--ignore-not-found", "--wait=false"],
            ctx,
            { allowFailure: true },
          );
          // Nothing to delete when the server does not serve the kind at all (a refused apply).
          if (r.code !== 0 && !/doesn't have a resource type/.test(r.stderr))
            throw new Error(r.stderr.trim() || `kubectl delete exited with ${r.code}`);
        }
      } catch (e) {
        failed.push(`${label(s.id)}: ${(e as Error).message}`);
      }
    }
    this.snapshots = [];
    this.persist();
    return failed;
  }

  private persist(): void {
    if (!this.o.dir || this.o.dryRun) return;
    mkdirSync(this.o.dir, { recursive: true });
    writeFileSync(`${this.o.dir}/protected-objects.json`, JSON.stringify(this.snapshots, null, 2));
  }
}

/** The snapshot as `kubectl replace` takes it: an unconditional PUT of spec, data and metadata. */
function restorable(o: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...(o.metadata as Record<string, unknown>) };
  for (const k of ["resourceVersion", "uid", "creationTimestamp", "managedFields", "generation"])
    delete meta[k];
  const { status: _status, ...rest } = o;
  return { ...rest, metadata: meta };
}
