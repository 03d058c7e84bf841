/**
 * config.openshift.io/v1 and operator.openshift.io/v1 Network, served on OpenShift profiles as their
 * CRDs make apiextensions-apiserver validate them: the object meta of a cluster-scoped custom
 * resource, structural defaulting, then the openAPIV3Schema (openshift-network-schema.ts). What the
 * schema allows but the Cluster Network Operator will not roll out (overlaps, hostPrefix range,
 * changes after install) is the operator's to refuse (profiles/network-operator.ts), as on a real
 * cluster: the API stores the object and CNO reports Degraded.
 */
import type { Json } from "../decode/yaml-json.js";
import { isObject } from "../json.js";
import { applyDefaults, validateOpenApi, type OpenApiSchema } from "../validate/openapi.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";
import { CONFIG_NETWORK_SCHEMA, OPERATOR_NETWORK_SCHEMA } from "./openshift-network-schema.js";
import type { KindRules } from "./rules.js";

function crdRules(schema: OpenApiSchema, statusSubresource: boolean): KindRules {
  return {
    generation: true,
    defaults(o) {
      applyDefaults(o as Json, schema);
    },
    validate(o) {
      return [
        ...validateObjectMeta(metaOf(o), false, nameIsDNSSubdomain),
        ...validateOpenApi(o as Json, schema),
      ];
    },
    prepareForCreate(o) {
      // The operator CRD has the status subresource (the main resource ignores status on create);
      // the config CRD has none, so its status is written with the object.
      if (statusSubresource && isObject(o.status)) delete o.status;
    },
  };
}

export const configNetworkRules = crdRules(CONFIG_NETWORK_SCHEMA, false);
export const operatorNetworkRules = crdRules(OPERATOR_NETWORK_SCHEMA, true);
