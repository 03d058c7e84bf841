/**
 * The rules of a cluster-scoped custom resource whose CRD the engine serves as if installed
 * (AdminNetworkPolicy, OpenShift's Network): what apiextensions-apiserver's customresource strategy
 * does with such an object — structural defaulting from the openAPIV3Schema, then Validate (object
 * meta of a cluster-scoped resource, the schema, then whatever the CRD adds, e.g. its CEL rules),
 * and on create a status subresource's status dropped.
 */
import type { Json } from "../decode/yaml-json.js";
import type { FieldError } from "../field-errors.js";
import { isObject, type JsonObject } from "../json.js";
import { applyDefaults, validateOpenApi, type OpenApiSchema } from "../validate/openapi.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";
import type { KindRules } from "./rules.js";

export function schemaCrdRules(
  schema: OpenApiSchema,
  o: {
    /** +kubebuilder:subresource:status: the main resource ignores status on create. */
    statusSubresource: boolean;
    /** Validation after the schema's (given the schema's errors), appended in order. */
    after?: (obj: JsonObject, schemaErrors: FieldError[]) => FieldError[];
  },
): KindRules {
  return {
    generation: true,
    defaults(obj) {
      applyDefaults(obj as Json, schema);
    },
    validate(obj) {
      const meta = validateObjectMeta(metaOf(obj), false, nameIsDNSSubdomain);
      const schemaErrors = validateOpenApi(obj as Json, schema);
      return [...meta, ...schemaErrors, ...(o.after?.(obj, schemaErrors) ?? [])];
    },
    prepareForCreate(obj) {
      if (o.statusSubresource && isObject(obj.status)) delete obj.status;
    },
  };
}
