/**
 * The facts a manifest pins that a real cluster decides for itself: the node a pod runs on
 * (`spec.nodeName`, a `kubernetes.io/hostname` nodeSelector or required node affinity), a pod's
 * address written into an EndpointSlice or Endpoints object (the CNI picks pod IPs), a Service's
 * cluster IP and node ports (allocated from the API server's `--service-cluster-ip-range` and
 * `--service-node-port-range` unless pinned: pkg/registry/core/service/ipallocator, portallocator).
 *
 * Each pin carries the span of its value in the file the user edits, so `netspec check --target`
 * can say which target cannot honour it, and the kube target can tell a case pinned addresses.
 * A Pod's `status` (podIP, phase, ...) is pod-status-check.ts's: a real API server drops all of it.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from "yaml";
import type { ManifestText } from "../plan.js";
import type { Span } from "../span.js";
import { spanIn } from "./text-position.js";

/** What a pin fixes. */
export type PinKind = "node-name" | "pod-ip" | "cluster-ip" | "node-port";

export interface ManifestPin {
  kind: PinKind;
  /** The pinned value as written (`worker-0`, `10.96.7.7`, `30080`). */
  value: string;
  /** Where in the object, kubectl explain style: `spec.nodeName`, `spec.ports[0].nodePort`. */
  field: string;
  /** `Pod default/web-0`: the object that pins it. */
  object: string;
  span: Span;
}

const HOSTNAME = "kubernetes.io/hostname";

/** The value node under `key` of a YAML map node. */
function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const p of node.items)
    if (isScalar(p.key) && p.key.value === key) return (p.value ?? undefined) as Node;
  return undefined;
}

const scalar = (node: unknown): string | undefined =>
  isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;

const items = (node: unknown): unknown[] => (isSeq(node) ? node.items : []);

/** Every pin of a manifest text (multi-document YAML); none when it does not parse. */
export function manifestPins(m: ManifestText, options: { version?: "1.1" | "1.2" } = {}): ManifestPin[] {
  const out: ManifestPin[] = [];
  let docs;
  try {
    docs = parseAllDocuments(m.text, { version: options.version ?? "1.2" });
  } catch {
    return out;
  }
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) continue;
    const pin = (kind: PinKind, value: string, field: string, object: string, node: Node) => {
      const [start, end] = node.range ?? [0, 1];
      const before = m.text.slice(0, start).split("\n");
      const span = spanIn(m, before.length, before.at(-1)!.length + 1, end - start);
      out.push({ kind, value, field, object, span });
    };
    objectPins(doc.contents, pin);
  }
  return out;
}

type Pin = (kind: PinKind, value: string, field: string, object: string, node: Node) => void;

function objectPins(o: unknown, pin: Pin): void {
  const kind = scalar(child(o, "kind")) ?? "";
  if (kind === "List" || kind.endsWith("List")) {
    for (const i of items(child(o, "items"))) objectPins(i, pin);
    return;
  }
  const meta = child(o, "metadata");
  const name = scalar(child(meta, "name")) ?? "";
  const ns = scalar(child(meta, "namespace"));
  const object = `${kind} ${ns ? `${ns}/` : ""}${name}`;
  const spec = child(o, "spec");
  if (kind === "Service") return servicePins(spec, object, pin);
  if (kind === "EndpointSlice")
    return items(child(o, "endpoints")).forEach((e, i) => {
      if (scalar(child(child(e, "targetRef"), "kind")) !== "Pod") return;
      items(child(e, "addresses")).forEach((a, j) => {
        const ip = scalar(a);
        if (ip) pin("pod-ip", ip, `endpoints[${i}].addresses[${j}]`, object, a as Node);
      });
    });
  if (kind === "Endpoints")
    return items(child(o, "subsets")).forEach((s, i) =>
      items(child(s, "addresses")).forEach((a, j) => {
        const ip = child(a, "ip");
        if (scalar(child(child(a, "targetRef"), "kind")) === "Pod" && scalar(ip))
          pin("pod-ip", scalar(ip)!, `subsets[${i}].addresses[${j}].ip`, object, ip!);
      }),
    );
  // The pod spec of a Pod, of a workload's template, of a CronJob's job template.
  const podSpecs: [string, unknown][] =
    kind === "Pod"
      ? [["spec", spec]]
      : kind === "CronJob"
        ? [
            [
              "spec.jobTemplate.spec.template.spec",
              child(child(child(child(spec, "jobTemplate"), "spec"), "template"), "spec"),
            ],
          ]
        : [["spec.template.spec", child(child(spec, "template"), "spec")]];
  for (const [at, podSpec] of podSpecs) if (podSpec) nodePins(podSpec, at, object, pin);
}

function servicePins(spec: unknown, object: string, pin: Pin): void {
  const ip = child(spec, "clusterIP");
  const pinnedIp = (v: string | undefined) => v !== undefined && v !== "" && v !== "None";
  if (pinnedIp(scalar(ip))) pin("cluster-ip", scalar(ip)!, "spec.clusterIP", object, ip!);
  items(child(spec, "clusterIPs")).forEach((n, i) => {
    // The first of clusterIPs repeats clusterIP when both are written: one pin for one address.
    if (pinnedIp(scalar(n)) && !(i === 0 && scalar(n) === scalar(ip)))
      pin("cluster-ip", scalar(n)!, `spec.clusterIPs[${i}]`, object, n as Node);
  });
  items(child(spec, "ports")).forEach((p, i) => {
    const port = child(p, "nodePort");
    const v = scalar(port);
    if (v !== undefined && v !== "0") pin("node-port", v, `spec.ports[${i}].nodePort`, object, port!);
  });
}

/** `nodeName`, a hostname nodeSelector, and required node affinity on the hostname or `metadata.name`. */
function nodePins(podSpec: unknown, at: string, object: string, pin: Pin): void {
  const nodeName = child(podSpec, "nodeName");
  if (scalar(nodeName)) pin("node-name", scalar(nodeName)!, `${at}.nodeName`, object, nodeName!);
  const selector = child(child(podSpec, "nodeSelector"), HOSTNAME);
  if (scalar(selector))
    pin("node-name", scalar(selector)!, `${at}.nodeSelector["${HOSTNAME}"]`, object, selector!);
  const required = child(
    child(child(podSpec, "affinity"), "nodeAffinity"),
    "requiredDuringSchedulingIgnoredDuringExecution",
  );
  items(child(required, "nodeSelectorTerms")).forEach((term, t) => {
    for (const [list, key] of [
      ["matchExpressions", HOSTNAME],
      ["matchFields", "metadata.name"],
    ] as const)
      items(child(term, list)).forEach((e, k) => {
        if (scalar(child(e, "key")) !== key || scalar(child(e, "operator")) !== "In") return;
        items(child(e, "values")).forEach((v, j) => {
          const field = `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}].${list}[${k}].values[${j}]`;
          if (scalar(v)) pin("node-name", scalar(v)!, field, object, v as Node);
        });
      });
  });
}
