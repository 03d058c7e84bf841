/**
 * The AdminNetworkPolicy and BaselineAdminNetworkPolicy CRDs the engine admits against
 * (network-policy-api v0.1.7, experimental channel), as CustomResourceDefinition manifests a real
 * cluster that lacks them can be given. Built from the same schemas admission uses
 * (admin-network-policy-schema.ts): the names, scope, version, status subresource and bundle
 * annotations are the upstream CRDs'; their CEL rules (x-kubernetes-validations), which the engine
 * checks in code (admin-network-policy.ts), are not repeated here, so such a cluster admits a few
 * objects the upstream CRD's CEL would refuse (a bad CIDR string, namedPort with networks/nodes peers,
 * a BANP not named `default`).
 */
import { ANP_SCHEMA, BANP_SCHEMA } from "./admin-network-policy-schema.js";
import type { OpenApiSchema } from "../validate/openapi.js";

export interface CrdManifest {
  /** `adminnetworkpolicies.policy.networking.k8s.io`. */
  name: string;
  /** The kinds the CRD serves (what a manifest must mention for it to be needed). */
  kind: string;
  /** The CRD as JSON (valid YAML). */
  manifest: string;
}

function crd(kind: string, plural: string, shortName: string, schema: OpenApiSchema): CrdManifest {
  const name = `${plural}.policy.networking.k8s.io`;
  const body = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name,
      annotations: {
        "policy.networking.k8s.io/bundle-version": "v0.1.7",
        "policy.networking.k8s.io/channel": "experimental",
      },
    },
    spec: {
      group: "policy.networking.k8s.io",
      names: { kind, listKind: `${kind}List`, plural, shortNames: [shortName], singular: kind.toLowerCase() },
      scope: "Cluster",
      versions: [
        {
          name: "v1alpha1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              ...schema,
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                ...schema.properties,
              },
            },
          },
        },
      ],
    },
  };
  return { name, kind, manifest: JSON.stringify(body) };
}

/** Both CRDs, AdminNetworkPolicy first. */
export function adminPolicyCrds(): CrdManifest[] {
  return [
    crd("AdminNetworkPolicy", "adminnetworkpolicies", "anp", ANP_SCHEMA),
    crd("BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies", "banp", BANP_SCHEMA),
  ];
}
