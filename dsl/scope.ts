/**
 * Objects a step may refer to: what the manifests applied so far define, plus the profile's built-ins.
 * Pods of Deployments/ReplicaSets/DaemonSets/Jobs get generated names (controller-generated suffixes),
 * so a pod ref that starts with such a workload's name is accepted; StatefulSet pods are `<name>-<i>`.
 */
import { parseAllDocuments } from "yaml";
import { builtinNodes, builtinServices } from "./builtins.js";

const GENERATED = new Set([
  "Deployment",
  "ReplicaSet",
  "DaemonSet",
  "Job",
  "CronJob",
  "ReplicationController",
]);

export class Scope {
  readonly pods = new Set<string>();
  readonly services = new Set<string>();
  readonly nodes = new Set<string>();
  /** `ns/prefix` of workloads whose pods have generated names. */
  readonly podPrefixes = new Set<string>();

  static forProfile(profile: string, nodes: number | undefined): Scope {
    const s = new Scope();
    for (const x of builtinServices(profile)) s.services.add(x);
    for (const n of builtinNodes(profile, nodes)) s.nodes.add(n);
    // CoreDNS pods come from a Deployment in every profile.
    s.podPrefixes.add(profile === "openshift" ? "openshift-dns/dns-default" : "kube-system/coredns");
    return s;
  }

  clone(): Scope {
    const s = new Scope();
    for (const k of ["pods", "services", "nodes", "podPrefixes"] as const)
      for (const v of this[k]) s[k].add(v);
    return s;
  }

  /** Adds every object of a YAML stream; returns false when it does not parse (reported elsewhere). */
  addYaml(text: string): void {
    let docs;
    try {
      docs = parseAllDocuments(text);
    } catch {
      return;
    }
    for (const d of Array.isArray(docs) ? docs : [docs]) {
      if (d.errors.length) continue;
      let o: unknown;
      try {
        o = d.toJS();
      } catch {
        continue; // reported by checkYaml (yaml-check.ts)
      }
      this.addObject(o);
    }
  }

  private addObject(o: unknown): void {
    if (!o || typeof o !== "object") return;
    const obj = o as {
      kind?: string;
      items?: unknown[];
      metadata?: { name?: string; namespace?: string };
      spec?: { replicas?: number };
    };
    if (obj.kind === "List" && Array.isArray(obj.items)) {
      for (const i of obj.items) this.addObject(i);
      return;
    }
    const name = obj.metadata?.name;
    if (!name || !obj.kind) return;
    const key = `${obj.metadata?.namespace ?? "default"}/${name}`;
    if (obj.kind === "Pod") this.pods.add(key);
    else if (obj.kind === "Service") this.services.add(key);
    else if (obj.kind === "Node") this.nodes.add(name);
    else if (obj.kind === "StatefulSet") {
      const n = typeof obj.spec?.replicas === "number" ? obj.spec.replicas : 1;
      for (let i = 0; i < n; i++) this.pods.add(`${key}-${i}`);
    } else if (GENERATED.has(obj.kind)) this.podPrefixes.add(key);
  }

  hasPod(key: string): boolean {
    if (this.pods.has(key)) return true;
    for (const p of this.podPrefixes) if (key.startsWith(p)) return true;
    return false;
  }
}
