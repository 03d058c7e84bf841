/**
 * A CRD whose schema declares `metadata: { type: object }` (every controller-gen CRD, e.g.
 * sigs.k8s.io/mcs-api's ServiceImport) admits its objects' names and labels: apiextensions leaves
 * the root metadata to ObjectMeta validation; unknown fields elsewhere are still refused.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admitManifests } from "../../../admit-manifests.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const crd = readFileSync(join(root, "suites", "coredns", "fixtures", "mcs-serviceimports-crd.yaml"), "utf8");
const objects = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: { name: cart, namespace: shop, labels: { team: a } }
spec: { type: ClusterSetIP, ips: [10.200.0.1], ports: [{ name: http, protocol: TCP, port: 80 }] }
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: { name: typo, namespace: shop }
spec: { type: Headless, ports: [], colour: blue }
`;

describe("custom objects of a CRD with a bare metadata schema", () => {
  const report = admitManifests([
    { path: "crd.yaml", text: crd, line: 1, column: 0 },
    { path: "objects.yaml", text: objects, line: 1, column: 0 },
  ]);
  const outcome = (name: string) => report.documents.find((d) => d.name === name);

  it("admits metadata.name, namespace and labels", () => {
    expect(outcome("cart")?.accepted).toBe(true);
  });

  it("still refuses an unknown spec field", () => {
    expect(outcome("typo")?.accepted).toBe(false);
  });
});
