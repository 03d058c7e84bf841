/**
 * Between cases the local target empties the namespaces a case used, synchronously, so the next case
 * starts from what a fresh cluster has: no kubelet will ever finish a graceful pod deletion here, and
 * a pinned clusterIP is only free again once its Service is gone. Controllers are deleted orphaning
 * their pods, then every pod is removed at once (grace period 0), then Services one by one (they have
 * no collection delete); the API server's own objects in `default` (the `kubernetes` Service, its
 * endpoints, `kube-root-ca.crt`) stay.
 */
import type { Api } from "./api.js";

const COLLECTIONS: { path: string; query?: string }[] = [
  { path: "/apis/apps/v1/namespaces/NS/deployments", query: "propagationPolicy=Orphan" },
  { path: "/apis/apps/v1/namespaces/NS/statefulsets", query: "propagationPolicy=Orphan" },
  { path: "/apis/apps/v1/namespaces/NS/daemonsets", query: "propagationPolicy=Orphan" },
  { path: "/apis/apps/v1/namespaces/NS/replicasets", query: "propagationPolicy=Orphan" },
  { path: "/apis/batch/v1/namespaces/NS/jobs", query: "propagationPolicy=Orphan" },
  { path: "/api/v1/namespaces/NS/pods", query: "gracePeriodSeconds=0" },
  { path: "/apis/networking.k8s.io/v1/namespaces/NS/networkpolicies" },
  {
    path: "/apis/discovery.k8s.io/v1/namespaces/NS/endpointslices",
    query: `labelSelector=${encodeURIComponent("kubernetes.io/service-name!=kubernetes")}`,
  },
  {
    path: "/api/v1/namespaces/NS/endpoints",
    query: `fieldSelector=${encodeURIComponent("metadata.name!=kubernetes")}`,
  },
  {
    path: "/api/v1/namespaces/NS/configmaps",
    query: `fieldSelector=${encodeURIComponent("metadata.name!=kube-root-ca.crt")}`,
  },
];

export async function emptyNamespace(api: Api, ns: string): Promise<void> {
  for (const c of COLLECTIONS) await api.delete(`${c.path.replace("NS", ns)}${c.query ? `?${c.query}` : ""}`);
  const services = await api.get<{ items: { metadata: { name: string } }[] }>(
    `/api/v1/namespaces/${ns}/services`,
  );
  for (const s of services.items)
    if (!(ns === "default" && s.metadata.name === "kubernetes"))
      await api.delete(`/api/v1/namespaces/${ns}/services/${s.metadata.name}`);
}
