/**
 * The two ends of a connection in the model: pods, and sources that are not pods (a node's host
 * network, a client outside the cluster) shaped as pods so NetworkPolicy sees only their address.
 */
import type { ClusterView, Node, Pod, Protocol } from "../cluster/index.js";
import { DatapathError } from "./path-context.js";
import type { Endpoint } from "./types.js";

export const key = (p: { metadata: { namespace: string; name: string } }): string =>
  `${p.metadata.namespace}/${p.metadata.name}`;

/** The port a pod serves for a number or a container-port name (per protocol). */
export function podPort(pod: Pod, port: number | string, protocol: Protocol): number | undefined {
  if (typeof port === "number") return port;
  for (const c of pod.spec.containers)
    for (const p of c.ports) if (p.name === port && p.protocol === protocol) return p.containerPort;
  return undefined;
}

/** Declared containerPorts are what listens; a pod declaring none is assumed to serve any port. */
export function listens(pod: Pod, port: number, protocol: Protocol): boolean {
  const declared = pod.spec.containers.flatMap((c) => c.ports);
  return declared.length === 0 || declared.some((p) => p.containerPort === port && p.protocol === protocol);
}

export function nodeIp(node: Node): string {
  return node.status.addresses.find((a) => a.type === "InternalIP")?.address ?? "";
}

/**
 * A source that is not a pod: a node (host network) or a client outside the cluster. Shaped as a pod
 * outside every namespace so NetworkPolicy sees only its address (ipBlock peers can match it; pod and
 * namespace selectors cannot).
 */
export function syntheticSource(ip: string, nodeName: string | undefined, hostNetwork: boolean): Pod {
  return {
    kind: "Pod",
    metadata: {
      name: ip,
      namespace: "\u0000outside",
      uid: `outside/${ip}`,
      labels: {},
      annotations: {},
      creationMs: 0,
      resourceVersion: 0,
      ownerReferences: [],
    },
    spec: { nodeName, hostNetwork, containers: [] },
    status: { phase: "Running", podIP: ip, podIPs: [ip], conditions: [] },
  } as unknown as Pod;
}

/** The pod a connection starts from (a synthetic one for a node or an outside client). */
export function sourcePod(view: ClusterView, from: Endpoint): Pod {
  if (from.kind === "node") {
    const node = view.node(from.name);
    if (!node) throw new DatapathError(`nodes "${from.name}" not found`);
    return syntheticSource(nodeIp(node), node.metadata.name, true);
  }
  if (from.kind === "external") return syntheticSource(from.ip, undefined, false);
  const pod = view.pod(from.namespace, from.name);
  if (!pod) throw new DatapathError(`pods "${from.name}" not found in namespace "${from.namespace}"`);
  return pod;
}
