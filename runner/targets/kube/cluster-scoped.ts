/** Kinds a real cluster serves without a namespace: runs never rename them, and protect them. */
/** Kinds without a namespace that a spec may carry (Namespace itself is renamed per run). */
export const CLUSTER_SCOPED_KINDS = new Set([
  "Namespace",
  "Node",
  "ClusterRole",
  "ClusterRoleBinding",
  "CustomResourceDefinition",
  "StorageClass",
  "PriorityClass",
  "IngressClass",
  "PersistentVolume",
  "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration",
  "APIService",
  "RuntimeClass",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "DNS",
  "Network",
]);
