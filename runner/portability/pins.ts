/**
 * The manifest pins (dsl manifestPins) a real target cannot honour, as warnings at the pinned value:
 * a node the target does not have or does not map, a pod address (the CNI assigns them), a cluster IP
 * outside the service CIDR its API server allocates from, a node port outside its range. Where the
 * target's ranges cannot be known offline (an existing cluster) that is said once, never guessed.
 */
import type { ClusterSettings, Diagnostic, ManifestPin } from "../../dsl/index.js";
import { inCidr } from "./cidr.js";
import { nodeProblem } from "./node-refs.js";
import type { RealTarget } from "./real-targets.js";

const warn = (code: string, message: string, p: ManifestPin, help: string): Diagnostic => ({
  code,
  severity: "warning",
  message,
  span: p.span,
  notes: [],
  help,
});

/** The warning for one pin on one target, or undefined when the target honours it; `unknown` collects what cannot be judged offline. */
export function judgePin(
  p: ManifestPin,
  t: RealTarget,
  cluster: ClusterSettings,
  unknown: ManifestPin[],
): Diagnostic | undefined {
  const where = `${p.field} of ${p.object}`;
  switch (p.kind) {
    case "node-name":
      return nodeName(p, t, cluster, where);
    case "pod-ip":
      return warn(
        "portability/pod-ip",
        `${t.name}: ${where} pins the pod address ${p.value}; on a real cluster the CNI assigns pod IPs, so no pod has it`,
        p,
        "let a Service selector publish the pods' addresses (the EndpointSlice controller writes them), or name an address outside the cluster",
      );
    case "cluster-ip": {
      const cidrs = t.serviceCidrs(cluster);
      if (!cidrs) return void unknown.push(p);
      if (cidrs.some((c) => inCidr(p.value, c))) return undefined;
      return warn(
        "portability/cluster-ip",
        `${t.name}: ${where} pins the cluster IP ${p.value}, outside the service CIDR ${cidrs.join(", ")} of the ${t.name} cluster of this block: its API server refuses it`,
        p,
        "set `service-cidr` in the cluster block to a range holding it (the real cluster is made with it), or drop the pin and write cluster-ip(service NS/NAME) where the address is needed",
      );
    }
    case "node-port": {
      const range = t.nodePorts;
      if (!range) return void unknown.push(p);
      const port = Number(p.value);
      if (port >= range.first && port <= range.last) return undefined;
      return warn(
        "portability/node-port",
        `${t.name}: ${where} pins the node port ${p.value}, outside the node-port range ${range.first}-${range.last} of the ${t.name} cluster: its API server refuses it`,
        p,
        `pin a port in ${range.first}-${range.last}, or drop nodePort and let the API server allocate one`,
      );
    }
  }
}

function nodeName(
  p: ManifestPin,
  t: RealTarget,
  cluster: ClusterSettings,
  where: string,
): Diagnostic | undefined {
  const problem = nodeProblem(p.value, t.nodes(cluster));
  if (!problem) return undefined;
  return warn(
    "portability/node-name",
    `${t.name}: ${where} pins the node ${p.value}; ${problem.why}`,
    p,
    `${problem.help}, or drop the pin and let the scheduler choose, unless the test depends on the node`,
  );
}

/** The one warning for everything an existing cluster's unknown ranges leave unjudged, at the first pin. */
export function unknownRanges(t: RealTarget, pins: ManifestPin[]): Diagnostic | undefined {
  const [first, ...rest] = pins;
  if (!first) return undefined;
  const n = pins.length;
  const what =
    n === 1
      ? "1 pinned address (here) was"
      : `${n} pinned addresses (cluster IPs, node ports; the first here) were`;
  return {
    code: "portability/unknown-ranges",
    severity: "warning",
    message: `${t.name}: an existing cluster's service CIDR and node-port range are unknown offline, so ${what} not checked`,
    span: first.span,
    notes: rest.map((p) => ({ message: `${p.field} of ${p.object} pins ${p.value}`, span: p.span })),
    help: "compare them with the cluster's --service-cluster-ip-range and --service-node-port-range, or drop the pins and write cluster-ip(service NS/NAME)",
  };
}
