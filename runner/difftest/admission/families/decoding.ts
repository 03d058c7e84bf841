/**
 * How kubectl decodes manifests before any validation: YAML 1.1 scalars (yes/no/on/off, octal,
 * hex, exponents, `~`, timestamps) in typed and string fields and as map keys; empty strings where
 * the API defaults (type, protocol, dnsPolicy, sessionAffinity, imagePullPolicy, restartPolicy);
 * misspelt and unknown fields (strict field validation); values of the wrong JSON type
 * (`json: cannot unmarshal ...`); missing apiVersion/kind/name.
 */
import type { Family } from "../case.js";
import type { Rng } from "../../rng.js";

const SCALARS = [
  "yes",
  "no",
  "on",
  "off",
  "y",
  "n",
  "true",
  "True",
  "~",
  "null",
  "0755",
  "0x1F",
  "1e3",
  "1_000",
  "12",
  "-0",
  "3.0",
  "2024-01-02",
  ".inf",
  "'yes'",
  '"0755"',
];

function scalars(r: Rng, ns: string): { title: string; probe: string } {
  const s = r.pick(SCALARS);
  const where = r.pick([
    "label",
    "annotation",
    "data",
    "port",
    "targetPort",
    "replicas",
    "key",
    "name",
    "publishNotReadyAddresses",
  ] as const);
  const title = `YAML scalar ${s} as ${where}`;
  switch (where) {
    case "label":
    case "annotation":
      return {
        title,
        probe: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${ns}\n  ${where}s:\n    k: ${s}`,
      };
    case "data":
      return {
        title,
        probe: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${ns}\ndata:\n  k: ${s}`,
      };
    case "key":
      return {
        title,
        probe: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: ${ns}\n  labels:\n    ${s}: v`,
      };
    case "name":
      return { title, probe: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${s}\n  namespace: ${ns}` };
    case "replicas":
      return {
        title,
        probe: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: ${ns}\nspec:\n  replicas: ${s}\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: c, image: nginx}]}`,
      };
    default:
      return {
        title,
        probe: `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ${ns}\nspec:\n  ports:\n  - ${where === "publishNotReadyAddresses" ? "port: 80" : `${where}: ${s}`}${where === "targetPort" ? "\n    port: 80" : ""}${where === "publishNotReadyAddresses" ? `\n  publishNotReadyAddresses: ${s}` : ""}`,
      };
  }
}

const EMPTY = [
  ["Service", '  type: ""'],
  ["Service", '  sessionAffinity: ""'],
  ["Service", '  clusterIP: ""'],
  ["Service", '  externalTrafficPolicy: ""'],
  ["Service", '  internalTrafficPolicy: ""'],
  ["ServicePort", '    protocol: ""'],
  ["ServicePort", '    targetPort: ""'],
  ["ServicePort", '    name: ""'],
  ["Pod", '  dnsPolicy: ""'],
  ["Pod", '  restartPolicy: ""'],
  ["Pod", '  hostname: ""'],
  ["Pod", '  schedulerName: ""'],
  ["Container", '    imagePullPolicy: ""'],
  ["Container", '    terminationMessagePolicy: ""'],
] as const;

function empties(r: Rng, ns: string): { title: string; probe: string } {
  const picks = r.some(EMPTY, 0.3);
  if (picks.length === 0) picks.push(r.pick(EMPTY));
  const svc = picks.some(([k]) => k.startsWith("Service"));
  const lines = (k: string) =>
    picks
      .filter(([x]) => x === k)
      .map(([, l]) => `\n${l}`)
      .join("");
  const title = `empty strings ${picks.map(([, l]) => l.trim()).join(", ")}`;
  if (svc)
    return {
      title,
      probe: `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ${ns}\nspec:${lines("Service")}\n  ports:\n  - port: 80${lines("ServicePort")}`,
    };
  return {
    title,
    probe: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: ${ns}\nspec:${lines("Pod")}\n  containers:\n  - name: c\n    image: nginx${lines("Container")}`,
  };
}

const MISSPELT = [
  ["Service", "spec", "selctor: {app: a}"],
  ["Service", "spec", "port: 80"],
  ["Service", "metadata", "label: {a: b}"],
  ["Service", "top", "specs: {}"],
  ["ServicePort", "port", "protocl: TCP"],
  ["ServicePort", "port", "targetport: 80"],
  ["Pod", "spec", "dnspolicy: None"],
  ["Pod", "spec", "container: []"],
  ["Container", "container", "imagePullPolcy: Always"],
  ["Container", "container", "port: [{containerPort: 80}]"],
  ["NetworkPolicy", "spec", "ingresss: [{}]"],
  ["NetworkPolicy", "rule", "form: [{podSelector: {}}]"],
  ["Service", "status", "phase: Running"],
] as const;

function unknown(r: Rng, ns: string): { title: string; probe: string } {
  const picks = r.some(MISSPELT, 0.2);
  if (picks.length === 0) picks.push(r.pick(MISSPELT));
  const kind = picks[0]![0];
  const same = picks.filter((p) => p[0] === kind || kind.startsWith(p[0]) || p[0].startsWith(kind));
  const at = (where: string, indent: string) =>
    same
      .filter((p) => p[1] === where)
      .map((p) => `\n${indent}${p[2]}`)
      .join("");
  const title = `unknown fields ${same.map((p) => p[2]).join(", ")}`;
  const m = `metadata:\n  name: x\n  namespace: ${ns}${at("metadata", "  ")}`;
  if (kind === "Service" || kind === "ServicePort")
    return {
      title,
      probe: `apiVersion: v1\nkind: Service\n${m}\nspec:${at("spec", "  ")}\n  ports:\n  - port: 80${at("port", "    ")}${at("top", "")}${same.some((p) => p[1] === "status") ? `\nstatus:${at("status", "  ")}` : ""}`,
    };
  if (kind === "NetworkPolicy")
    return {
      title,
      probe: `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${m}\nspec:\n  podSelector: {}${at("spec", "  ")}\n  ingress:\n  - ports: [{port: 80}]${at("rule", "    ")}`,
    };
  return {
    title,
    probe: `apiVersion: v1\nkind: Pod\n${m}\nspec:${at("spec", "  ")}\n  containers:\n  - name: c\n    image: nginx${at("container", "    ")}`,
  };
}

const WRONG_TYPES = [
  "spec:\n  ports: 80",
  'spec:\n  ports:\n  - port: "80"',
  "spec:\n  ports:\n  - port: 80.5",
  "spec:\n  ports:\n  - port: true",
  "spec:\n  selector: [app]",
  "spec:\n  selector: {app: 1}",
  "spec:\n  clusterIP: [None]\n  ports: [{port: 80}]",
  "spec:\n  ports: [{port: 80, targetPort: true}]",
  "spec:\n  ports: [{port: 80, targetPort: 1.5}]",
  "spec: []",
  "spec:\n  externalIPs: 1.2.3.4\n  ports: [{port: 80}]",
  'spec:\n  publishNotReadyAddresses: "true"\n  ports: [{port: 80}]',
  "spec:\n  ports: [{port: 80, nodePort: null}]",
  "spec:\n  ports: [{port: 99999999999}]",
];

function wrongTypes(r: Rng, ns: string): { title: string; probe: string } {
  const body = r.pick(WRONG_TYPES);
  const head = r.pick([
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ${ns}`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: ${ns}\n  labels: {a: 1}`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: 7\n  namespace: ${ns}`,
    `kind: Service\nmetadata:\n  name: s\n  namespace: ${ns}`,
    `apiVersion: v1\nmetadata:\n  name: s\n  namespace: ${ns}`,
    `apiVersion: v1\nkind: Service\nmetadata:\n  namespace: ${ns}`,
  ]);
  return {
    title: `wrong type: ${head.split("\n")[0]} / ${body.replace(/\n\s*/g, " ")}`,
    probe: `${head}\n${body}`,
  };
}

export const decoding: Family = {
  name: "decoding",
  weight: 14,
  make(r, c) {
    switch (r.int(0, 3)) {
      case 0:
        return scalars(r, c.ns);
      case 1:
        return empties(r, c.ns);
      case 2:
        return unknown(r, c.ns);
      default:
        return wrongTypes(r, c.ns);
    }
  },
};
