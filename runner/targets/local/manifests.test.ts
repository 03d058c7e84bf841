import { describe, expect, it } from "vitest";
import { unrunnableCni } from "./local-clusters.js";
import { hasNetworkPolicy, runnableManifests } from "./manifests.js";

const m = (text: string) => [{ path: "suite.netspec", text, line: 3, column: 2 }];
const netpol = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: deny, namespace: x }
spec: { podSelector: {}, policyTypes: [Ingress] }
`;
const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: a }
spec: { priority: 1, subject: { namespaces: {} } }
`;

describe("policies on the local cluster", () => {
  it("a NetworkPolicy is applied as written where kube-router enforces it, refused where nothing does", () => {
    expect(hasNetworkPolicy(m(netpol))).toBe(true);
    expect(hasNetworkPolicy(m("apiVersion: v1\nkind: Namespace\nmetadata: { name: x }\n"))).toBe(false);
    expect(runnableManifests(m(netpol), () => {}, { enforced: true })).toEqual(m(netpol));
    expect(() => runnableManifests(m(netpol), () => {}, { enforced: false, why: "cni bridge" })).toThrow(
      "NetworkPolicy is not enforced on this local cluster (cni bridge): the case would report what an unpoliced cluster does",
    );
  });

  it("AdminNetworkPolicy is refused: kube-router v2.1.0 implements NetworkPolicy only", () => {
    expect(() => runnableManifests(m(anp), () => {}, { enforced: true })).toThrow(
      /AdminNetworkPolicy is not enforced on the local cluster \(kube-router v2.1.0 implements NetworkPolicy only\)/,
    );
  });

  it("cni kube-router (or none, or the bridge) runs here; another CNI is refused with the reason", () => {
    expect(unrunnableCni(undefined)).toBeUndefined();
    expect(unrunnableCni("kube-router")).toBeUndefined();
    expect(unrunnableCni("calico")).toMatch(/cni calico is not run here/);
  });
});
