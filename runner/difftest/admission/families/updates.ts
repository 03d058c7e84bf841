/**
 * Updates of existing objects (the first version is created for real, the second applied as a
 * dry run): fields that may not change (Service clusterIP, Deployment/StatefulSet/Job selectors and
 * templates, immutable ConfigMaps, Pod specs beyond the mutable fields, EndpointSlice addressType)
 * and the ones that may (ValidateServiceUpdate, apps ValidateDeploymentUpdate,
 * ValidateStatefulSetUpdate, batch ValidateJobUpdate, ValidateConfigMapUpdate, ValidatePodUpdate).
 */
import type { CaseBody, CaseContext, Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, container, doc, meta, pod, service } from "./build.js";

function serviceUpdate(r: Rng, c: CaseContext): CaseBody {
  const first = r.pick([
    { clusterIP: "None" },
    {},
    { type: "NodePort" },
    { type: "ExternalName", externalName: "example.com" },
  ]);
  const second = r.pick([
    { clusterIP: "None" },
    { clusterIP: "" },
    {},
    { clusterIP: "10.96.200.200" },
    { type: "ClusterIP" },
    { type: "NodePort" },
    { type: "ExternalName", externalName: "example.com" },
    { ipFamilyPolicy: "RequireDualStack" },
  ]);
  const spec = (x: object) =>
    compact({ ...x, ports: (x as { type?: string }).type === "ExternalName" ? undefined : [{ port: 80 }] });
  return {
    title: `Service ${JSON.stringify(first)} → ${JSON.stringify(second)}`,
    setup: [service("s", c.ns, spec(first))],
    probe: service("s", c.ns, spec(second)),
  };
}

function workloadUpdate(r: Rng, c: CaseContext): CaseBody {
  const kind = r.pick(["Deployment", "StatefulSet", "Job", "DaemonSet"] as const);
  const group = kind === "Job" ? "batch/v1" : "apps/v1";
  const make = (app: string, image: string, extra: object) =>
    doc({
      apiVersion: group,
      kind,
      metadata: meta("w", c.ns),
      spec: compact({
        selector: kind === "Job" ? undefined : { matchLabels: { app } },
        serviceName: kind === "StatefulSet" ? "web" : undefined,
        template: {
          metadata: { labels: { app } },
          spec: {
            containers: [container("c", { image })],
            restartPolicy: kind === "Job" ? "Never" : undefined,
          },
        },
        ...extra,
      }),
    });
  const change = r.pick(["selector", "image", "replicas", "serviceName", "none"] as const);
  const second =
    change === "selector"
      ? make("v2", "nginx:1", {})
      : change === "image"
        ? make("v1", "nginx:2", {})
        : change === "replicas" && kind !== "Job" && kind !== "DaemonSet"
          ? make("v1", "nginx:1", { replicas: 5 })
          : change === "serviceName" && kind === "StatefulSet"
            ? make("v1", "nginx:1", { serviceName: "other" })
            : make("v1", "nginx:1", {});
  return { title: `${kind} update: ${change}`, setup: [make("v1", "nginx:1", {})], probe: second };
}

function otherUpdate(r: Rng, c: CaseContext): CaseBody {
  switch (r.int(0, 2)) {
    case 0: {
      const cm = (data: object, immutable?: boolean) =>
        doc({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: meta("cm", c.ns),
          ...compact({ immutable }),
          data,
        });
      const immutable = r.chance(0.6);
      return {
        title: `ConfigMap immutable=${immutable} update`,
        setup: [cm({ a: "1" }, immutable)],
        probe: cm(r.chance(0.5) ? { a: "2" } : { a: "1" }, r.pick([true, false, undefined])),
      };
    }
    case 1: {
      const spec = (image: string, extra: object) => ({ containers: [container("c", { image })], ...extra });
      const second = r.pick([
        spec("nginx:2", {}),
        spec("nginx:1", { hostname: "h" }),
        spec("nginx:1", { activeDeadlineSeconds: 30 }),
        spec("nginx:1", {}),
      ]);
      return {
        title: `Pod update ${JSON.stringify(second)}`,
        setup: [pod("p", c.ns, spec("nginx:1", {}))],
        probe: pod("p", c.ns, second, r.chance(0.3) ? { labels: { a: "b" } } : {}),
      };
    }
    default: {
      const slice = (addressType: string) =>
        doc({
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: meta("s-1", c.ns),
          addressType,
          endpoints: [{ addresses: [addressType === "IPv6" ? "fd00::1" : "10.1.1.1"] }],
        });
      return {
        title: "EndpointSlice addressType update",
        setup: [slice("IPv4")],
        probe: slice(r.pick(["IPv4", "IPv6"])),
      };
    }
  }
}

export const updates: Family = {
  name: "updates",
  weight: 7,
  make(r, c) {
    const which = r.int(0, 2);
    return which === 0 ? serviceUpdate(r, c) : which === 1 ? workloadUpdate(r, c) : otherUpdate(r, c);
  },
};
