/** Symbolic values read from a live API server with kubectl jsonpath (names already in cluster names). */
import type { Value } from "../../../dsl/index.js";
import { TargetError, type TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";

const JSONPATH: Record<string, string> = {
  ip: "{.status.podIPs[*].ip}",
  "cluster-ip": "{.spec.clusterIPs[*]}",
  "node-ip": '{.status.addresses[?(@.type=="InternalIP")].address}',
  "pod-cidr": "{.spec.podCIDRs[*]}",
  "external-ip": "{.spec.externalIPs[*]} {.status.loadBalancer.ingress[*].ip}",
};

export async function resolveOnCluster(
  kubectl: Kubectl,
  value: Value,
  ctx: TargetContext,
): Promise<string[]> {
  if (value.kind === "ref") {
    const { kind, namespace, name } = value.target;
    if (value.fn === "name") return [`${namespace ?? "default"}/${name}`];
    const jp = JSONPATH[value.fn];
    if (!jp) throw new TargetError(`${value.fn}() is not resolved on real clusters yet`, "unsupported");
    const args = kind.toLowerCase() === "node" ? ["node", name] : [kind, name, "-n", namespace!];
    return kubectl.jsonpath(args, jp, ctx);
  }
  if (value.kind === "selection") {
    const sel = Object.entries(value.selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(",");
    const jp = value.fn === "ips" ? "{.items[*].status.podIP}" : "{.items[*].metadata.name}";
    const items = await kubectl.jsonpath(
      ["pods", "-n", value.namespace!, ...(sel ? ["-l", sel] : [])],
      jp,
      ctx,
    );
    return value.fn === "ips" ? items : items.map((p) => `${value.namespace}/${p}`);
  }
  if (value.kind === "string" || value.kind === "ident") return [value.value];
  if (value.kind === "number") return [String(value.value)];
  if (value.kind === "list") {
    const out: string[] = [];
    for (const item of value.items) out.push(...(await resolveOnCluster(kubectl, item, ctx)));
    return out;
  }
  throw new TargetError(`a ${value.kind} value is not resolved on real clusters yet`, "unsupported");
}
