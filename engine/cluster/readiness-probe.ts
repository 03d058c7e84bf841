/**
 * Readiness probes, decided the way kubelet's prober would for what the engine can know: what listens
 * in the pod. kubelet runs each container's `readinessProbe` (pkg/kubelet/prober/prober.go runProbe):
 * `tcpSocket` dials the pod IP on the port, `httpGet` sends a GET there, `grpc` calls the health
 * service, `exec` runs a command in the container. A port is a number or a container port's name,
 * looked up in the probed container only (pkg/probe/util.go ResolveContainerPort); a name it does not
 * declare is a probe error, which prober.go's probe() counts as a failure.
 *
 * What listens: a container serves its declared containerPorts — an image the engine does not run is
 * modelled as the local target runs it (agnhost serving each declared port,
 * runner/targets/local/images/container-rewrite.ts), and the engine's connection model already treats
 * an undeclared port as nothing listening. Containers share the pod's network namespace, so a port any
 * container declares answers. A caller that knows the real process (CoreDNS's plugin/ready) passes its
 * own `listens`.
 *
 * What the engine cannot know is said, never guessed silently: an `exec` probe cannot be run, an
 * `httpGet` status code depends on the application, a `grpc` server may not implement
 * grpc.health.v1, a probe `host` other than the pod's own is somewhere else. Those count as
 * succeeding and the verdict lists them in `assumed` (the checker warns about exec probes too).
 */
import type { Container, Pod, PodCondition } from "./model.js";

/** The probe handler kinds of a v1 Probe. */
export type ProbeKind = "tcpSocket" | "httpGet" | "grpc" | "exec";

/** Does something in the pod answer `kind` on `port` (TCP)? */
export type ProbeListener = (pod: Pod, port: number, kind: ProbeKind) => boolean;

export interface ReadinessVerdict {
  ready: boolean;
  /** Containers whose probe never succeeds, in spec order. */
  unready: string[];
  /** Why each unready container fails (`web: tcpSocket :8080: nothing listens`). */
  failures: string[];
  /** Probes counted as succeeding that the engine cannot actually run or judge. */
  assumed: string[];
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

/** A port some container of the pod declares (TCP: probes dial TCP). */
export const declaredPortListens: ProbeListener = (pod, port) =>
  pod.spec.containers.some((c) => c.ports.some((p) => p.containerPort === port && p.protocol === "TCP"));

const KINDS: readonly ProbeKind[] = ["tcpSocket", "httpGet", "grpc", "exec"];

/** ResolveContainerPort: a number, a named port of this container, or a number written as a string. */
function resolvePort(port: unknown, container: Container): number | string {
  if (typeof port === "number") return port;
  if (typeof port !== "string") return "no port given";
  const named = container.ports.find((p) => p.name === port)?.containerPort;
  if (named !== undefined) return named;
  if (/^\d+$/.test(port)) return Number(port);
  return `no container port named "${port}" in container ${container.name}`;
}

/** One container's readiness probe: undefined when it succeeds, else why it fails. */
function probeContainer(
  pod: Pod,
  container: Container,
  listens: ProbeListener,
  assumed: string[],
): string | undefined {
  const probe = container.readinessProbe;
  if (!isObj(probe)) return undefined; // no probe: Ready once started (kubelet's prober_manager)
  const kind = KINDS.find((k) => isObj(probe[k]));
  if (!kind) return undefined;
  const handler = probe[kind] as Raw;
  const label = `${container.name}: readinessProbe ${kind}`;
  if (kind === "exec") {
    assumed.push(`${label} is not run by the engine; counted as succeeding`);
    return undefined;
  }
  const port = resolvePort(handler.port, container);
  if (typeof port === "string") return `${label}: ${port}`;
  if (port < 1 || port > 65535) return `${label}: invalid port number: ${port}`;
  if (typeof handler.host === "string" && handler.host !== "" && handler.host !== pod.status.podIP) {
    assumed.push(`${label} :${port} probes host ${handler.host}, which the engine does not model`);
    return undefined;
  }
  if (!listens(pod, port, kind)) return `${label} :${port}: connection refused (nothing listens)`;
  if (kind === "httpGet")
    assumed.push(`${label} :${port}: something listens; the HTTP status is assumed 2xx`);
  if (kind === "grpc") assumed.push(`${label} :${port}: something listens; assumed SERVING`);
  return undefined;
}

/** Whether every container's readiness probe succeeds on `pod` (kubelet's view once it runs). */
export function probeReadiness(pod: Pod, listens: ProbeListener = declaredPortListens): ReadinessVerdict {
  const unready: string[] = [];
  const failures: string[] = [];
  const assumed: string[] = [];
  for (const c of pod.spec.containers) {
    const why = probeContainer(pod, c, listens, assumed);
    if (why === undefined) continue;
    unready.push(c.name);
    failures.push(why);
  }
  return { ready: unready.length === 0, unready, failures, assumed };
}

/**
 * The Ready and ContainersReady conditions kubelet writes for a verdict (pkg/kubelet/status/
 * generate.go GenerateContainersReadyCondition: reason ContainersNotReady, message
 * "containers with unready status: [a b]").
 */
export function readinessConditions(v: ReadinessVerdict): PodCondition[] {
  if (v.ready)
    return [
      { type: "Ready", status: "True" },
      { type: "ContainersReady", status: "True" },
    ];
  const message = `containers with unready status: [${v.unready.join(" ")}]`;
  return [
    { type: "Ready", status: "False", reason: "ContainersNotReady", message },
    { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message },
  ];
}
