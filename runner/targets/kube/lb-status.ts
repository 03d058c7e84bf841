/**
 * A Service manifest's `status.loadBalancer`: what a cloud controller (or MetalLB) writes once it has
 * an address for the Service. `kubectl apply` cannot set it — the API server resets status on create
 * and ignores it on update of the main resource (pkg/registry/core/service/strategy.go
 * PrepareForCreate, PrepareForUpdate) — so the real targets write it through the status
 * subresource after the apply, as the controller would, and the reference engine's pinned status and
 * the cluster's agree.
 */
import type { TargetContext } from "../target.js";
import type { CommandResult } from "./commands.js";
import type { Kubectl } from "./kubectl.js";
import { parseManifests } from "./yaml11.js";

interface ServiceStatus {
  namespace: string;
  name: string;
  loadBalancer: unknown;
}

/** The Services in `text` (cluster names) whose manifest sets `status.loadBalancer.ingress`. */
export function loadBalancerStatuses(text: string): ServiceStatus[] {
  const out: ServiceStatus[] = [];
  for (const doc of safeParse(text)) {
    const o = doc as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
      status?: { loadBalancer?: { ingress?: unknown[] } };
    } | null;
    if (o?.kind !== "Service" || typeof o.metadata?.name !== "string") continue;
    if (!o.status?.loadBalancer?.ingress?.length) continue;
    const namespace = typeof o.metadata.namespace === "string" ? o.metadata.namespace : "default";
    out.push({ namespace, name: o.metadata.name, loadBalancer: o.status.loadBalancer });
  }
  return out;
}

/**
 * `kubectl apply` of `text`, then each Service's load-balancer status its manifest sets (only when the
 * apply succeeded: a refused stream has nothing to patch). `allowFailure` as Kubectl.apply.
 */
export async function applyWithStatus(
  kubectl: Kubectl,
  text: string,
  ctx: TargetContext,
  allowFailure: boolean,
): Promise<CommandResult> {
  const result = await kubectl.apply(text, ctx, allowFailure);
  if (result.code === 0) await patchLoadBalancerStatus(kubectl, text, ctx);
  return result;
}

/** Writes each such Service's load-balancer status (kubectl patch --subresource=status). */
export async function patchLoadBalancerStatus(
  kubectl: Kubectl,
  text: string,
  ctx: TargetContext,
): Promise<void> {
  for (const s of loadBalancerStatuses(text))
    await kubectl.run(
      [
        "kubectl",
        "patch",
        "service",
        s.name,
        "-n",
        s.namespace,
        "--subresource=status",
        "--type=merge",
        "-p",
        JSON.stringify({ status: { loadBalancer: s.loadBalancer } }),
      ],
      ctx,
    );
}

function safeParse(text: string): unknown[] {
  try {
    return parseManifests(text);
  } catch {
    // A manifest kubectl refused is reported by the apply itself.
    return [];
  }
}
