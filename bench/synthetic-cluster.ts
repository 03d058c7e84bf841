/**
 * Synthetic clusters for benchmarks: N services across namespaces, each selecting P pods, as plain
 * multi-document YAML, so the whole intake path (YAML parse, defaulting, controllers) is measured.
 */
export interface SyntheticShape {
  services: number;
  pods: number;
  namespaces: number;
  /** Every k-th service is headless. */
  headlessEvery: number;
}

export function syntheticManifests(shape: SyntheticShape): string {
  const docs: string[] = [];
  for (let n = 0; n < shape.namespaces; n++)
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: { name: ns${n} }`);
  const podsPerService = Math.max(1, Math.floor(shape.pods / shape.services));
  let pod = 0;
  for (let s = 0; s < shape.services; s++) {
    const ns = `ns${s % shape.namespaces}`;
    const headless = shape.headlessEvery > 0 && s % shape.headlessEvery === 0;
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: { name: svc${s}, namespace: ${ns} }\nspec:\n  ${headless ? "clusterIP: None\n  " : ""}selector: { app: app${s} }\n  ports: [{ name: http, port: 80, targetPort: 8080 }]`,
    );
    const count = s === shape.services - 1 ? shape.pods - pod : podsPerService;
    for (let i = 0; i < count; i++, pod++) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p${pod}, namespace: ${ns}, labels: { app: app${s} } }\nspec: { containers: [{ name: c, image: x, ports: [{ name: http, containerPort: 8080 }] }] }`,
      );
    }
  }
  return docs.join("\n---\n");
}

/** Query names that exist in a synthetic cluster, in a fixed mix: service A, SRV, headless, misses. */
export function queryMix(shape: SyntheticShape, domain = "cluster.local"): { name: string; type: string }[] {
  const out: { name: string; type: string }[] = [];
  for (let s = 0; s < Math.min(shape.services, 1000); s++) {
    const name = `svc${s}.ns${s % shape.namespaces}.svc.${domain}.`;
    out.push({ name, type: "A" });
    if (s % 4 === 0) out.push({ name: `_http._tcp.${name}`, type: "SRV" });
    if (s % 5 === 0) out.push({ name: `missing${s}.ns${s % shape.namespaces}.svc.${domain}.`, type: "A" });
  }
  return out;
}
