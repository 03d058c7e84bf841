/**
 * The Multi-Cluster Services API a `multicluster` Corefile needs on the local cluster. CoreDNS's
 * kubernetes plugin in multicluster mode lists and watches multicluster.x-k8s.io ServiceImports
 * (CoreDNS 1.14.7 plugin/kubernetes/controller.go newdnsController: the ServiceImport informer is
 * added when `multicluster` zones are set), and until that informer has synced the `ready` plugin
 * keeps the pod not Ready (plugin/kubernetes/ready.go). On a kubeadm cluster neither the CRD nor the
 * permission exists (kubeadm's system:coredns ClusterRole covers endpoints, services, pods,
 * namespaces and endpointslices only), so CoreDNS would never come up. Whoever runs CoreDNS in this
 * mode installs the MCS API first, as the MCS CoreDNS guide does (kubernetes-sigs/sig-multicluster-site
 * guides/coredns.md); the local target does that before CoreDNS gets such a Corefile:
 * - the ServiceImport CRD of sigs.k8s.io/mcs-api v0.5.2 (the module CoreDNS 1.14.7 builds with) with
 *   its names, scope and versions (v1alpha1 served, v1beta1 served and stored), its schemas reduced to
 *   preserve-unknown-fields: a spec that applies mcs-api's own definition replaces it;
 * - a ClusterRole granting list and watch on serviceimports, bound to the coredns ServiceAccount.
 */
import type { ApiObject } from "./coredns-addon.js";

/** Whether a Corefile sets `multicluster` zones in a kubernetes block (plugin/kubernetes/setup.go). */
export function usesMulticluster(corefile: string): boolean {
  return /^\s*multicluster(\s|$)/m.test(corefile.replace(/#.*$/gm, ""));
}

const PRESERVE = { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } };

const version = (name: string, storage: boolean) => ({
  name,
  served: true,
  storage,
  subresources: { status: {} },
  schema: PRESERVE,
});

/** The objects, in creation order (the CRD first: the role names its resource). */
export function mcsApiObjects(): ApiObject[] {
  return [
    {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: {
        name: "serviceimports.multicluster.x-k8s.io",
        labels: { "multicluster.x-k8s.io/release-version": "v0.5.2" },
      } as ApiObject["metadata"],
      spec: {
        group: "multicluster.x-k8s.io",
        scope: "Namespaced",
        names: {
          plural: "serviceimports",
          singular: "serviceimport",
          kind: "ServiceImport",
          listKind: "ServiceImportList",
          shortNames: ["svcim", "svcimport"],
        },
        versions: [version("v1alpha1", false), version("v1beta1", true)],
      },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "netspec:coredns-multicluster" },
      rules: [
        { apiGroups: ["multicluster.x-k8s.io"], resources: ["serviceimports"], verbs: ["list", "watch"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "netspec:coredns-multicluster" },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "netspec:coredns-multicluster",
      },
      subjects: [{ kind: "ServiceAccount", name: "coredns", namespace: "kube-system" }],
    },
  ];
}
