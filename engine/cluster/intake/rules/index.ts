/** Each served kind's rules (defaulting, admission, allocation, validation), by `group/Kind`. */
import type { KindInfo } from "../kinds.js";
import { configMapRules, namespaceRules, secretRules, serviceAccountRules } from "./core-simple.js";
import { genericRules } from "./generic.js";
import type { KindRules } from "./rules.js";
import { serviceRules } from "./service.js";
import { checkCustomObject, crdRules } from "./crd.js";
import { podRules } from "./pod.js";
import { ingressClassRules, ingressRules, networkPolicyRules } from "./networking.js";
import { endpointSliceRules, endpointsRules, nodeRules } from "./endpoints-node.js";
import { deploymentRules, replicaSetRules, statefulSetRules } from "./apps.js";
import { daemonSetRules } from "./apps-daemonset.js";
import { jobRules } from "./batch.js";
import { clusterRoleBindingRules, clusterRoleRules, roleBindingRules, roleRules } from "./rbac.js";
import { cronJobRules, hpaRules, pdbRules, pvcRules } from "./misc.js";
import { resourceQuotaRules } from "./resource-quota.js";
import { limitRangeRules } from "./limit-range.js";
import { adminNetworkPolicyRules, baselineAdminNetworkPolicyRules } from "./admin-network-policy.js";
import { configNetworkRules, operatorNetworkRules } from "./openshift-network.js";
import type { JsonObject } from "../json.js";

const RULES: Record<string, KindRules> = {
  "/Service": serviceRules,
  "/Namespace": namespaceRules,
  "/ConfigMap": configMapRules,
  "/Secret": secretRules,
  "/ServiceAccount": serviceAccountRules,
  "apiextensions.k8s.io/CustomResourceDefinition": crdRules,
  "/Pod": podRules,
  "/Endpoints": endpointsRules,
  "/Node": nodeRules,
  "discovery.k8s.io/EndpointSlice": endpointSliceRules,
  "networking.k8s.io/NetworkPolicy": networkPolicyRules,
  "networking.k8s.io/Ingress": ingressRules,
  "networking.k8s.io/IngressClass": ingressClassRules,
  "apps/Deployment": deploymentRules,
  "apps/ReplicaSet": replicaSetRules,
  "apps/StatefulSet": statefulSetRules,
  "apps/DaemonSet": daemonSetRules,
  "batch/Job": jobRules,
  "rbac.authorization.k8s.io/Role": roleRules,
  "rbac.authorization.k8s.io/ClusterRole": clusterRoleRules,
  "rbac.authorization.k8s.io/RoleBinding": roleBindingRules,
  "rbac.authorization.k8s.io/ClusterRoleBinding": clusterRoleBindingRules,
  "/PersistentVolumeClaim": pvcRules,
  "/ResourceQuota": resourceQuotaRules,
  "/LimitRange": limitRangeRules,
  "autoscaling/HorizontalPodAutoscaler": hpaRules,
  "policy/PodDisruptionBudget": pdbRules,
  "batch/CronJob": cronJobRules,
  "policy.networking.k8s.io/AdminNetworkPolicy": adminNetworkPolicyRules,
  "policy.networking.k8s.io/BaselineAdminNetworkPolicy": baselineAdminNetworkPolicyRules,
  "config.openshift.io/Network": configNetworkRules,
  "operator.openshift.io/Network": operatorNetworkRules,
};

/** Kinds whose strategy keeps metadata.generation (workloads, policies, ...). */
const GENERATION = new Set([
  "apps/Deployment",
  "apps/ReplicaSet",
  "apps/StatefulSet",
  "apps/DaemonSet",
  "batch/Job",
  "batch/CronJob",
  "networking.k8s.io/NetworkPolicy",
  "networking.k8s.io/Ingress",
  "networking.k8s.io/IngressClass",
  "policy/PodDisruptionBudget",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "/ReplicationController",
]);

export function rulesFor(kind: KindInfo): KindRules {
  const key = `${kind.group}/${kind.kind}`;
  // Kinds with rules of their own (the policy CRDs the engine models) keep them whatever schema
  // an applied CRD brings; other CRD kinds are checked against their schema.
  if (kind.schema) return RULES[key] ?? customRules(kind);
  return RULES[key] ?? genericRules(kind.namespaced, GENERATION.has(key));
}

/** Objects of a CRD's kind: metadata and the version's schema (customresource strategy Validate). */
function customRules(kind: KindInfo): KindRules {
  const base = genericRules(kind.namespaced, true);
  return {
    generation: true,
    validate: (o, env) => [
      ...base.validate(o, env),
      ...checkCustomObject(o, kind.schema as JsonObject).errors,
    ],
  };
}

export function registerRules(key: string, rules: KindRules): void {
  RULES[key] = rules;
}

export type { KindRules, RulesEnv } from "./rules.js";
export type { ServiceAllocation } from "./service-alloc.js";
export { heldBy } from "./service-nodeports.js";
