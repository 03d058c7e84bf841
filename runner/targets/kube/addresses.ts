/**
 * The kube targets' answer to Target.addresses: the pods and Services of the namespaces the case
 * touched, read with one `kubectl get pods,services -o json` per namespace and named in scenario
 * namespaces (runner/parity/owners.ts names the owners the same way the reference does).
 */
import type { AddressOwner } from "../../observation.js";
import { addressOwners, type PodFacts, type ServiceFacts } from "../../parity/index.js";
import type { TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";
import type { NamespaceMap } from "./namespaces.js";

interface Item {
  kind: string;
  metadata: {
    namespace: string;
    name: string;
    labels?: Record<string, string>;
    ownerReferences?: { kind: string; name: string; controller?: boolean }[];
  };
  spec?: { clusterIPs?: string[]; clusterIP?: string; hostNetwork?: boolean };
  status?: { podIPs?: { ip: string }[]; podIP?: string };
}

export async function clusterAddresses(
  kubectl: Kubectl,
  names: NamespaceMap,
  ctx: TargetContext,
): Promise<AddressOwner[]> {
  const pods: PodFacts[] = [];
  const services: ServiceFacts[] = [];
  for (const ns of [...names.seen].sort()) {
    const list = await kubectl.getJson<{ items: Item[] }>(["pods,services", "-n", ns], ctx);
    for (const item of list?.items ?? []) {
      const namespace = names.back(item.metadata.namespace);
      const name = item.metadata.name;
      if (item.kind === "Service")
        services.push({
          namespace,
          name,
          clusterIPs: item.spec?.clusterIPs ?? (item.spec?.clusterIP ? [item.spec.clusterIP] : []),
        });
      else if (item.kind === "Pod") pods.push(podFacts(item, namespace));
    }
  }
  return addressOwners(pods, services);
}

function podFacts(item: Item, namespace: string): PodFacts {
  const c = item.metadata.ownerReferences?.find((o) => o.controller);
  const ips = item.status?.podIPs?.map((p) => p.ip) ?? (item.status?.podIP ? [item.status.podIP] : []);
  return {
    namespace,
    name: item.metadata.name,
    labels: item.metadata.labels ?? {},
    ...(c ? { controller: { kind: c.kind, name: c.name } } : {}),
    ips,
  };
}
