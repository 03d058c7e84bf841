import { describe, expect, it } from "vitest";
import { kubeadmCorefile } from "./coredns-addon.js";
import { mcsApiObjects, usesMulticluster } from "./mcs-api.js";

describe("the MCS API a multicluster Corefile needs", () => {
  it("is needed only where a kubernetes block sets multicluster zones", () => {
    expect(usesMulticluster(kubeadmCorefile("cluster.local"))).toBe(false);
    const mc =
      ".:53 {\n    ready\n    kubernetes cluster.local clusterset.local {\n        multicluster clusterset.local\n    }\n}\n";
    expect(usesMulticluster(mc)).toBe(true);
    expect(usesMulticluster(mc.replace("        multicluster", "        # multicluster"))).toBe(false);
  });

  it("is the ServiceImport CRD CoreDNS lists (v1alpha1 served, one stored version) and a role bound to coredns", () => {
    type Loose = {
      metadata: { name: string };
      spec: { names: { kind: string }; versions: unknown };
      rules: unknown;
      roleRef: { name: string };
      subjects: unknown;
    };
    const [crd, role, binding] = mcsApiObjects() as unknown as Loose[];
    expect(crd!.metadata.name).toBe("serviceimports.multicluster.x-k8s.io");
    expect(crd!.spec.names.kind).toBe("ServiceImport");
    const versions = crd!.spec.versions as { name: string; served: boolean; storage: boolean }[];
    expect(versions.filter((v) => v.served).map((v) => v.name)).toContain("v1alpha1");
    expect(versions.filter((v) => v.storage)).toHaveLength(1);
    expect(role!.rules).toEqual([
      { apiGroups: ["multicluster.x-k8s.io"], resources: ["serviceimports"], verbs: ["list", "watch"] },
    ]);
    expect(binding!.roleRef.name).toBe(role!.metadata.name);
    expect(binding!.subjects).toEqual([
      { kind: "ServiceAccount", name: "coredns", namespace: "kube-system" },
    ]);
  });
});
