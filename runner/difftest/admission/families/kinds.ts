/**
 * The built-in kinds user manifests commonly hold besides the networking ones, each with its basic
 * validation (Secret, ServiceAccount, RBAC, Ingress, IngressClass, PersistentVolumeClaim,
 * HorizontalPodAutoscaler, PodDisruptionBudget, LimitRange, ResourceQuota), CustomResourceDefinitions
 * and objects of a CRD applied in the same case, and kinds or versions no 1.31 server serves.
 */
import type { CaseBody, CaseContext, Family } from "../case.js";
import type { Rng } from "../../rng.js";
import { compact, doc, maybe, meta } from "./build.js";

function secret(r: Rng, c: CaseContext): CaseBody {
  const body = compact({
    type: maybe(r, 0.5, [
      "Opaque",
      "kubernetes.io/tls",
      "kubernetes.io/dockerconfigjson",
      "kubernetes.io/service-account-token",
      "example.com/x",
      "",
    ]),
    data: maybe(r, 0.5, [
      { a: "aGVsbG8=" },
      { "tls.crt": "YQ==", "tls.key": "Yg==" },
      { a: "not base64" },
      { "bad key": "YQ==" },
    ]),
    stringData: maybe(r, 0.4, [{ a: "hello" }, { ".dockerconfigjson": "{}" }]),
    immutable: maybe(r, 0.1, [true]),
  });
  return {
    title: `Secret ${JSON.stringify(body)}`,
    probe: doc({ apiVersion: "v1", kind: "Secret", metadata: meta("s", c.ns), ...body }),
  };
}

function rbac(r: Rng, c: CaseContext): CaseBody {
  const rules = maybe(r, 0.9, [
    [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
    [{ apiGroups: [""], resources: ["pods"] }],
    [{ nonResourceURLs: ["/healthz"], verbs: ["get"] }],
    [{ verbs: ["get"] }],
  ]);
  const cluster = r.chance(0.4);
  const role = doc({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: cluster ? "ClusterRole" : "Role",
    metadata: meta(cluster ? c.unique("role") : "role", cluster ? undefined : c.ns),
    ...compact({ rules }),
  });
  if (r.chance(0.5))
    return { title: `${cluster ? "ClusterRole" : "Role"} ${JSON.stringify(rules)}`, probe: role };
  const subjects = maybe(r, 0.9, [
    [{ kind: "ServiceAccount", name: "default", namespace: c.ns }],
    [{ kind: "ServiceAccount", name: "default" }],
    [{ kind: "User", name: "alice", apiGroup: "rbac.authorization.k8s.io" }],
    [{ kind: "Group", name: "" }],
    [{ kind: "Robot", name: "x" }],
  ]);
  const roleRef = r.pick([
    {
      apiGroup: "rbac.authorization.k8s.io",
      kind: cluster ? "ClusterRole" : "Role",
      name: cluster ? c.unique("role") : "role",
    },
    { apiGroup: "rbac.authorization.k8s.io", kind: "Deployment", name: "x" },
    { kind: "Role", name: "role" },
  ]);
  const kind = cluster ? "ClusterRoleBinding" : "RoleBinding";
  return {
    title: `${kind} ${JSON.stringify({ subjects, roleRef })}`,
    probe: doc({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind,
      metadata: meta(cluster ? c.unique("binding") : "binding", cluster ? undefined : c.ns),
      ...compact({ subjects }),
      roleRef,
    }),
  };
}

function ingress(r: Rng, c: CaseContext): CaseBody {
  const backend = r.pick([
    { service: { name: "web", port: { number: 80 } } },
    { service: { name: "web", port: { name: "http" } } },
    { service: { name: "web" } },
    { service: { name: "web", port: { number: 80, name: "http" } } },
  ]);
  const path = compact({
    path: maybe(r, 0.8, ["/", "/api", "api", ""]),
    pathType: maybe(r, 0.8, ["Prefix", "Exact", "ImplementationSpecific", "Glob"]),
    backend,
  });
  const spec = compact({
    ingressClassName: maybe(r, 0.4, ["nginx", "Bad_Class"]),
    rules: maybe(r, 0.8, [
      [
        compact({
          host: maybe(r, 0.6, ["example.com", "*.example.com", "Bad_Host", "1.2.3.4", "*"]),
          http: { paths: [path] },
        }),
      ],
    ]),
    defaultBackend: maybe(r, 0.2, [backend]),
    tls: maybe(r, 0.2, [[{ hosts: ["example.com"], secretName: "tls" }]]),
  });
  if (r.chance(0.2))
    return {
      title: "IngressClass",
      probe: doc({
        apiVersion: "networking.k8s.io/v1",
        kind: "IngressClass",
        metadata: meta(c.unique("ic")),
        spec: compact({ controller: maybe(r, 0.8, ["example.com/ingress", "nginx", ""]) }),
      }),
    };
  return {
    title: `Ingress ${JSON.stringify(spec)}`,
    probe: doc({
      apiVersion: r.pick(["networking.k8s.io/v1", "networking.k8s.io/v1", "extensions/v1beta1"]),
      kind: "Ingress",
      metadata: meta("ing", c.ns),
      spec,
    }),
  };
}

function storageAndPolicy(r: Rng, c: CaseContext): CaseBody {
  const which = r.int(0, 4);
  return which < 3 ? volumesAndScaling(which, r, c) : quotas(which, r, c);
}

function volumesAndScaling(which: number, r: Rng, c: CaseContext): CaseBody {
  switch (which) {
    default: {
      const spec = compact({
        accessModes: maybe(r, 0.9, [["ReadWriteOnce"], ["ReadWriteMany"], ["Sometimes"], []]),
        resources: maybe(r, 0.9, [
          { requests: { storage: "1Gi" } },
          { requests: { storage: "lots" } },
          { requests: {} },
        ]),
        storageClassName: maybe(r, 0.3, ["standard", ""]),
        volumeMode: maybe(r, 0.1, ["Filesystem", "Block", "Bad"]),
      });
      return {
        title: `PVC ${JSON.stringify(spec)}`,
        probe: doc({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: meta("pvc", c.ns), spec }),
      };
    }
    case 1: {
      const spec = compact({
        scaleTargetRef: maybe(r, 0.9, [
          { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
          { kind: "Deployment" },
        ]),
        minReplicas: maybe(r, 0.5, [1, 0, 5]),
        maxReplicas: maybe(r, 0.9, [3, 0, 1]),
        metrics: maybe(r, 0.5, [
          [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
            },
          ],
          [{ type: "Bad" }],
        ]),
      });
      return {
        title: `HPA ${JSON.stringify(spec)}`,
        probe: doc({
          apiVersion: r.pick(["autoscaling/v2", "autoscaling/v1", "autoscaling/v2beta2"]),
          kind: "HorizontalPodAutoscaler",
          metadata: meta("hpa", c.ns),
          spec,
        }),
      };
    }
    case 2: {
      const spec = compact({
        minAvailable: maybe(r, 0.5, [1, "50%", "abc", -1]),
        maxUnavailable: maybe(r, 0.3, [1, "10%"]),
        selector: maybe(r, 0.8, [{ matchLabels: { app: "a" } }, {}]),
        unhealthyPodEvictionPolicy: maybe(r, 0.1, ["AlwaysAllow", "Bad"]),
      });
      return {
        title: `PDB ${JSON.stringify(spec)}`,
        probe: doc({
          apiVersion: r.pick(["policy/v1", "policy/v1", "policy/v1beta1"]),
          kind: "PodDisruptionBudget",
          metadata: meta("pdb", c.ns),
          spec,
        }),
      };
    }
  }
}

function quotas(which: number, r: Rng, c: CaseContext): CaseBody {
  switch (which) {
    case 3: {
      const limits = maybe(r, 0.9, [
        [{ type: "Container", default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }],
        [{ type: "Container", max: { cpu: "1" }, min: { cpu: "2" } }],
        [{ type: "Bad" }],
        [{ type: "Pod", default: { cpu: "1" } }],
      ]);
      return {
        title: `LimitRange ${JSON.stringify(limits)}`,
        probe: doc({
          apiVersion: "v1",
          kind: "LimitRange",
          metadata: meta("lr", c.ns),
          spec: compact({ limits }),
        }),
      };
    }
    default: {
      const hard = maybe(r, 0.9, [
        { pods: "10", "requests.cpu": "4" },
        { pods: "-1" },
        { "bad name!": "1" },
        { services: "x" },
      ]);
      return {
        title: `ResourceQuota ${JSON.stringify(hard)}`,
        probe: doc({
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: meta("rq", c.ns),
          spec: compact({
            hard,
            scopes: maybe(r, 0.15, [["BestEffort"], ["Bad"], ["Terminating", "NotTerminating"]]),
            scopeSelector: maybe(r, 0.1, [
              { matchExpressions: [{ scopeName: "PriorityClass", operator: "In", values: ["high"] }] },
              { matchExpressions: [{ scopeName: "BestEffort", operator: "In" }] },
              { matchExpressions: [{ scopeName: "Nope", operator: "Exists", values: ["x"] }] },
            ]),
          }),
        }),
      };
    }
  }
}

function crd(r: Rng, c: CaseContext): CaseBody {
  const group = `${c.unique("g")}.example.com`;
  const plural = "widgets";
  // A CRD created as setup must be valid; only a probed one varies.
  const probed = r.chance(0.4);
  const vary = <T>(valid: T, variant: () => T): T => (probed ? variant() : valid);
  const definition = doc({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: meta(
      vary(`${plural}.${group}`, () => (r.chance(0.8) ? `${plural}.${group}` : `wrong.${group}`)),
    ),
    spec: {
      group,
      names: compact({ plural, singular: "widget", kind: "Widget", listKind: maybe(r, 0.3, ["WidgetList"]) }),
      scope: vary("Namespaced", () => r.pick(["Namespaced", "Namespaced", "Cluster", "Bad"])),
      versions: [
        {
          name: "v1",
          served: true,
          storage: vary(true, () => r.chance(0.8)),
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: { spec: { type: "object", properties: { size: { type: "integer" } } } },
            },
          },
        },
      ],
    },
  });
  const cr = doc({
    apiVersion: `${group}/v1`,
    kind: "Widget",
    metadata: meta("w1", c.ns),
    spec: { size: r.pick([3, "big"]) as unknown },
  });
  if (probed) return { title: "CustomResourceDefinition", probe: definition };
  return { title: "an object of a CRD created first", setup: [definition], probe: cr };
}

function unserved(r: Rng, c: CaseContext): CaseBody {
  const [apiVersion, kind] = r.pick([
    ["v1", "Foo"],
    ["apps/v1", "Service"],
    ["extensions/v1beta1", "Deployment"],
    ["v2", "Pod"],
    ["example.com/v1", "Widget"],
    ["v1", "service"],
    ["v1", "ServiceAccount"],
    ["batch/v1", "CronJob"],
  ] as const);
  return { title: `${apiVersion} ${kind}`, probe: doc({ apiVersion, kind, metadata: meta("x", c.ns) }) };
}

export const kinds: Family = {
  name: "kinds",
  weight: 10,
  make(r, c) {
    switch (r.int(0, 5)) {
      case 0:
        return secret(r, c);
      case 1:
        return rbac(r, c);
      case 2:
        return ingress(r, c);
      case 3:
        return storageAndPolicy(r, c);
      case 4:
        return crd(r, c);
      default:
        return unserved(r, c);
    }
  },
};
