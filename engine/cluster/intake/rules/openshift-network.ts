/**
 * config.openshift.io/v1 and operator.openshift.io/v1 Network, served on OpenShift profiles as their
 * CRDs make apiextensions-apiserver validate them: the object meta of a cluster-scoped custom
 * resource, structural defaulting, then the openAPIV3Schema (openshift-network-schema.ts). What the
 * schema allows but the Cluster Network Operator will not roll out (overlaps, hostPrefix range,
 * changes after install) is the operator's to refuse (profiles/network-operator.ts), as on a real
 * cluster: the API stores the object and CNO reports Degraded.
 */
import { CONFIG_NETWORK_SCHEMA, OPERATOR_NETWORK_SCHEMA } from "./openshift-network-schema.js";
import { schemaCrdRules } from "./schema-crd.js";

// The operator CRD has the status subresource (the main resource ignores status on create); the
// config CRD has none, so its status is written with the object.
export const configNetworkRules = schemaCrdRules(CONFIG_NETWORK_SCHEMA, { statusSubresource: false });
export const operatorNetworkRules = schemaCrdRules(OPERATOR_NETWORK_SCHEMA, { statusSubresource: true });
