/**
 * Node names a spec writes outside its manifests that a target looks up as written: symbolic values
 * of a node (`node-ip(node worker-1)`, `pod-cidr(node …)`: kube/values.ts, `kubectl get node NAME`),
 * `expect node NAME` (kube/observe/api.ts), and the NODE arguments of node faults. The kind target
 * renames them as it renames manifests' node pins (kube/node-names.ts: the reference's node to its
 * twin of the same role and place); the local cluster has the reference profile's nodes. Probes from
 * or to a node are not judged here: whether a target observes them at all is its observers' to say.
 */
import { DEFAULT_FAULTS, type Diagnostic, type Span, type Step } from "../../dsl/index.js";
import type { KnownNodes, RealTarget } from "./real-targets.js";
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

/**
 * Why the target cannot honour a node name, or undefined when it can: a node it has or maps, or a
 * name the reference has no node of either (a pod bound to a node that does not exist means the same
 * on both).
 */
export function nodeProblem(
  name: string,
  nodes: KnownNodes | undefined,
): { why: string; help: string } | undefined {
  if (!nodes)
    return {
      why: "an existing cluster's nodes are its own, unknown offline, and the target does not map node names",
      help: "select nodes by a label the cluster's nodes carry",
    };
  if (nodes.names.includes(name)) return undefined;
  const twinless = nodes.unmapped.get(name);
  if (twinless) return { why: `${nodes.what} has no node for it: ${twinless.why}`, help: twinless.help };
  // Every node of the reference is mapped or twinless (KnownNodes); any other name is no node on
  // the reference either.
  return undefined;
}

/** The warning for a node a step names that the target does not have or map, if any. */
export function judgeNodeRef(r: NodeRef, t: RealTarget, cluster: ClusterSettings): Diagnostic | undefined {
  const problem = nodeProblem(r.name, t.nodes(cluster));
  if (!problem) return undefined;
  return {
    code: "portability/node-name",
    severity: "warning",
    message: `${t.name}: \`${r.written}\` names the node ${r.name}; ${problem.why}`,
    span: r.span,
    notes: [],
    help: `${problem.help}, or observe from a pod instead (a pod's node is the scheduler's choice), or keep the node and let the warning stand where the test is about that node`,
  };
}
