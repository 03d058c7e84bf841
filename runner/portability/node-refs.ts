/**
 * Node names a spec writes outside its manifests that a target looks up as written: symbolic values
 * of a node (`node-ip(node worker-1)`, `pod-cidr(node …)`: kube/values.ts, `kubectl get node NAME`),
 * `expect node NAME` (kube/observe/api.ts), and the NODE arguments of node faults. Only
 * `nodeName: kind-…` in manifests is rewritten to the run's kind cluster, so on kind these name nodes
 * the cluster does not have; the local cluster has the reference profile's nodes. Probes from or to a
 * node are not judged here: whether a target observes them at all is its observers' to say.
 */
import { DEFAULT_FAULTS, type Diagnostic, type Span, type Step } from "../../dsl/index.js";
import type { RealTarget } from "./real-targets.js";
import type { ClusterSettings } from "../../dsl/index.js";

interface NodeRef {
  name: string;
  /** How the spec wrote it: `from node worker-0`, `node-ip(node worker-1)`, `fault node-down worker-0`. */
  written: string;
  span: Span;
}

const NODE_FAULTS = new Set(DEFAULT_FAULTS.filter((f) => /\bNODE\b/.test(f.args)).map((f) => f.name));

/** Every node a step names outside manifests, with where. */
export function nodeRefs(step: Step): NodeRef[] {
  if (step.type === "fault")
    return NODE_FAULTS.has(step.name)
      ? step.args
          .filter((a) => a.key === undefined)
          .map((a) => ({ name: a.value, written: `fault ${step.name} ${a.value}`, span: a.span }))
      : [];
  if (step.type !== "expect") return [];
  const out: NodeRef[] = [];
  if (step.probe.kind === "object" && step.probe.ref.kind.toLowerCase() === "node")
    out.push({ name: step.probe.ref.name, written: `expect node ${step.probe.ref.name}`, span: step.span });
  walk({ probe: step.probe, matchers: step.matchers }, out);
  return out;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null;

function walk(v: unknown, out: NodeRef[]): void {
  if (Array.isArray(v)) return v.forEach((x) => walk(x, out));
  if (!isObject(v)) return;
  const span = v.span as Span | undefined;
  const target = v.target;
  if (v.kind === "ref" && isObject(target) && String(target.kind).toLowerCase() === "node" && span)
    out.push({ name: String(target.name), written: `${String(v.fn)}(node ${String(target.name)})`, span });
  for (const [k, x] of Object.entries(v)) if (k !== "span") walk(x, out);
}

/** The warning for a node a step names that the target does not have or map, if any. */
export function judgeNodeRef(r: NodeRef, t: RealTarget, cluster: ClusterSettings): Diagnostic | undefined {
  const nodes = t.nodes(cluster);
  if (nodes && !nodes.nodeNameOnly && nodes.names.includes(r.name)) return undefined;
  const why = !nodes
    ? "an existing cluster's nodes are its own, unknown offline"
    : nodes.nodeNameOnly
      ? `the ${t.name} target looks nodes up by the name as written and its nodes are named after the run's cluster (only spec.nodeName: kind-… in manifests is mapped)`
      : `${nodes.what} does not have it: its nodes are ${nodes.names.join(", ")}`;
  return {
    code: "portability/node-name",
    severity: "warning",
    message: `${t.name}: \`${r.written}\` names the node ${r.name}; ${why}`,
    span: r.span,
    notes: [],
    help: "observe from a pod instead (a pod's node is the scheduler's choice), or keep the node and let the warning stand where the test is about that node",
  };
}
