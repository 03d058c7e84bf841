/**
 * The objects an open spec defines, from its last check's Plan: names for completion and the place
 * each is defined for go-to-definition (`pod default/web` → the `name: web` of its manifest).
 */
import { definitions, type Definition, type Plan } from "../dsl/index.js";
import type { Names } from "./completion.js";

const WORKLOADS = new Set(["Deployment", "ReplicaSet", "DaemonSet", "Job", "StatefulSet"]);

export class SpecObjects {
  constructor(private readonly defs: readonly Definition[]) {}

  static of(plan: Plan): SpecObjects {
    return new SpecObjects(definitions(plan));
  }

  names(): Names {
    const keys = (k: string) => [...new Set(this.defs.filter((d) => d.kind === k).map((d) => d.key))];
    return {
      pods: keys("Pod"),
      // Every cluster has the kubernetes service; the DNS service depends on the profile.
      services: [...new Set([...keys("Service"), "default/kubernetes"])],
      nodes: keys("Node"),
    };
  }

  /**
   * Where `kind key` is defined; a pod with a generated name (`default/web-5d8f…`) is found at the
   * workload whose name it starts with.
   */
  find(kind: "pod" | "service" | "node", key: string): Definition | undefined {
    const k = kind === "pod" ? "Pod" : kind === "service" ? "Service" : "Node";
    const full = kind === "node" || key.includes("/") ? key : `default/${key}`;
    return (
      this.defs.find((d) => d.kind === k && d.key === full) ??
      (kind === "pod"
        ? this.defs
            .filter((d) => WORKLOADS.has(d.kind) && full.startsWith(`${d.key}-`))
            .sort((a, b) => b.key.length - a.key.length)[0]
        : undefined)
    );
  }
}

/** `pod NS/NAME`, `service NAME`, `node N` around a cursor column of a line, if the cursor is on one. */
export function refAt(
  line: string,
  character: number,
): { kind: "pod" | "service" | "node"; key: string } | undefined {
  for (const m of line.matchAll(/\b(pod|service|node)\s+([A-Za-z0-9_.\-/]+)/g)) {
    const start = m.index;
    const end = start + m[0].length;
    if (character >= start && character <= end)
      return { kind: m[1] as "pod" | "service" | "node", key: m[2]! };
  }
  return undefined;
}
