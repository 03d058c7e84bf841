/**
 * policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy: served as if
 * their CRDs (network-policy-api v0.1.7, experimental channel) were installed, and validated the way
 * apiextensions-apiserver validates those CRDs' objects — the object meta check of a cluster-scoped
 * custom resource, the openAPIV3Schema (admin-network-policy-schema.ts, through validate/openapi.ts)
 * after structural defaulting (protocol TCP), then the CEL rules of the CRDs
 * (x-kubernetes-validations), each an `Invalid value` naming the CEL value's type as
 * apiextensions' cel validation.go does (`"object"`, `"string"`).
 */
import { fe, type FieldError } from "../field-errors.js";
import { obj, objs, str, type JsonObject } from "../json.js";
import type { KindInfo } from "../kinds.js";
import type { OpenApiSchema } from "../validate/openapi.js";
import { metaOf } from "../validate/meta.js";
import { parseCidr } from "../../../net/index.js";
import { ANP_SCHEMA, BANP_SCHEMA } from "./admin-network-policy-schema.js";
import type { KindRules } from "./rules.js";
import { schemaCrdRules } from "./schema-crd.js";

const GROUP = "policy.networking.k8s.io";

/** The two kinds, cluster-scoped (+kubebuilder:resource:scope=Cluster). */
export const ADMIN_POLICY_KINDS: KindInfo[] = [
  {
    group: GROUP,
    version: "v1alpha1",
    kind: "AdminNetworkPolicy",
    resource: "adminnetworkpolicies",
    namespaced: false,
    def: "",
    schema: ANP_SCHEMA as Record<string, unknown>,
  },
  {
    group: GROUP,
    version: "v1alpha1",
    kind: "BaselineAdminNetworkPolicy",
    resource: "baselineadminnetworkpolicies",
    namespaced: false,
    def: "",
    schema: BANP_SCHEMA as Record<string, unknown>,
  },
];

/**
 * CEL `isCIDR(self)` (k8s.io/apiserver pkg/cel/library/cidr.go): netip.ParsePrefix — an address
 * without zone and a decimal prefix length without leading zeros, within the family's bits.
 */
function isCidr(v: string): boolean {
  const bits = v.slice(v.indexOf("/") + 1);
  if (v.includes("%") || (bits.length > 1 && bits.startsWith("0"))) return false;
  return parseCidr(v) !== undefined;
}

/** The CEL rules of the egress rule and the CIDR type (AdminNetworkPolicyEgressRule, CIDR). */
function egressCel(spec: JsonObject, anp: boolean): FieldError[] {
  const out: FieldError[] = [];
  objs(spec, "egress").forEach((rule, i) => {
    const path = `spec.egress[${i}]`;
    const to = objs(rule, "to");
    to.forEach((peer, j) => {
      const networks = Array.isArray(peer.networks) ? peer.networks : [];
      networks.forEach((n, k) => {
        if (typeof n === "string" && !isCidr(n))
          out.push(fe.invalid(`${path}.to[${j}].networks[${k}]`, "string", "Invalid CIDR format provided"));
      });
    });
    const special = to.some((p) => "networks" in p || "nodes" in p || (anp && "domainNames" in p));
    const named = objs(rule, "ports").some((p) => "namedPort" in p);
    if (special && named)
      out.push(
        fe.invalid(
          path,
          "object",
          anp
            ? "networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames"
            : "networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes",
        ),
      );
  });
  return out;
}

const NOT_CHECKED =
  "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

const blocking = (e: FieldError): boolean =>
  e.type === "Unsupported value" ||
  e.type === "Required value" ||
  e.type === "Too long" ||
  e.type === "Too many" ||
  (e.type === "Invalid value" && e.detail.includes(" in body must be of type "));

/** After the schema: strategy.go hasBlockingErr stops the CEL rules at a type, required, enum or size violation. */
function policyRules(schema: OpenApiSchema, anp: boolean): KindRules {
  return schemaCrdRules(schema, {
    statusSubresource: true,
    after(o, schemaErrors) {
      if (schemaErrors.some(blocking)) return [fe.invalid("<nil>", "null", NOT_CHECKED)];
      const out: FieldError[] = [];
      if (!anp && str(metaOf(o), "name") !== "default")
        out.push(
          fe.invalid(
            "<nil>",
            "object",
            'Only one baseline admin network policy with metadata.name="default" can be created in the cluster',
          ),
        );
      out.push(...egressCel(obj(o, "spec"), anp));
      return out;
    },
  });
}

export const adminNetworkPolicyRules = policyRules(ANP_SCHEMA, true);
export const baselineAdminNetworkPolicyRules = policyRules(BANP_SCHEMA, false);
