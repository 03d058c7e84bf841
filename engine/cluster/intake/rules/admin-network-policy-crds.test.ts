import { describe, expect, it } from "vitest";
import { adminPolicyCrds } from "./admin-network-policy-crds.js";

describe("the ANP/BANP CRDs for real clusters", () => {
  it("are the v0.1.7 experimental definitions, cluster-scoped v1alpha1 with the schema admission uses", () => {
    const [anp, banp] = adminPolicyCrds().map((c) => JSON.parse(c.manifest));
    expect(anp.metadata.name).toBe("adminnetworkpolicies.policy.networking.k8s.io");
    expect(banp.metadata.name).toBe("baselineadminnetworkpolicies.policy.networking.k8s.io");
    expect(anp.metadata.annotations["policy.networking.k8s.io/bundle-version"]).toBe("v0.1.7");
    expect(anp.spec.scope).toBe("Cluster");
    expect(anp.spec.names).toMatchObject({ kind: "AdminNetworkPolicy", plural: "adminnetworkpolicies" });
    const v = anp.spec.versions[0];
    expect(v).toMatchObject({ name: "v1alpha1", served: true, storage: true, subresources: { status: {} } });
    expect(v.schema.openAPIV3Schema.properties.spec.properties.priority).toEqual({
      type: "integer",
      minimum: 0,
      maximum: 1000,
    });
    expect(v.schema.openAPIV3Schema.properties.metadata).toEqual({ type: "object" });
  });
});
