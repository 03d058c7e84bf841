/**
 * Fault injection: each fault changes the model through FaultHost and returns how to heal it.
 * Semantics and real-target realisations are documented in catalog.ts (and docs/faults.md).
 */
import type { Pod } from "../cluster/index.js";
import { FAULT_NAMES, type FaultName } from "./catalog.js";
import type { FaultHost } from "./host.js";

export interface FaultArgument {
  key?: string;
  value: string;
}

/** A fault the engine cannot apply as asked: a user mistake in the scenario. */
export class FaultError extends Error {
  constructor(
    message: string,
    readonly code: "fault/unknown" | "fault/invalid-args" | "fault/unsupported",
  ) {
    super(message);
    this.name = "FaultError";
  }
}

type Injector = (host: FaultHost, args: FaultArgument[]) => () => void;

const positional = (args: FaultArgument[]) => args.filter((a) => a.key === undefined).map((a) => a.value);
const named = (args: FaultArgument[], key: string) => args.find((a) => a.key === key)?.value;

function durationMs(text: string, fault: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text);
  if (!m)
    throw new FaultError(
      `${fault}: expected a duration like 2s or 500ms, got "${text}"`,
      "fault/invalid-args",
    );
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

function nodeArg(host: FaultHost, args: FaultArgument[], fault: string, index = 0): string {
  const name = positional(args)[index] ?? named(args, "node");
  if (!name)
    throw new FaultError(
      `${fault} needs a node name (e.g. \`fault ${fault} worker-0\`)`,
      "fault/invalid-args",
    );
  if (!host.node(name)) throw new FaultError(`${fault}: nodes "${name}" not found`, "fault/invalid-args");
  return name;
}

/** Pods go down: not Ready (they leave the endpoints) and nothing listens on them. */
function podsDown(host: FaultHost, pods: Pod[]): () => void {
  for (const p of pods) {
    host.setPodDown(p, true);
    host.setPodReady(p, false, "ContainersNotReady");
  }
  return () => {
    for (const p of pods) {
      const now = host.pod(p.metadata.namespace, p.metadata.name);
      if (!now) continue;
      host.setPodDown(now, false);
      host.setPodReady(now, true);
    }
  };
}

/** A node stops being Ready; the node lifecycle controller marks its pods NotReady (MarkPodsNotReady). */
function nodeNotReady(
  host: FaultHost,
  node: string,
  status: "False" | "Unknown",
  reason: string,
  message: string,
  unreachable: boolean,
): () => void {
  const pods = host.podsOnNode(node).filter((p) => p.status.podIPs.length > 0);
  host.setNodeReady(node, status, reason, message);
  if (unreachable) host.setNodeUnreachable(node, true);
  for (const p of pods) host.setPodReady(p, false, "NodeNotReady");
  return () => {
    host.setNodeReady(node, "True", "KubeletReady", "kubelet is posting ready status");
    if (unreachable) host.setNodeUnreachable(node, false);
    for (const p of pods) {
      const now = host.pod(p.metadata.namespace, p.metadata.name);
      if (now) host.setPodReady(now, true);
    }
  };
}

/** One injector per catalog fault: the type makes a missing or an extra one a compile error. */
const INJECTORS: Record<FaultName, Injector> = {
  "dns-outage": (host) => {
    const pods = host.dnsPods();
    if (pods.length === 0)
      throw new FaultError("dns-outage: the cluster has no CoreDNS pods", "fault/invalid-args");
    return podsDown(host, pods);
  },
  "dns-replicas-down": (host, args) => {
    const pods = host.dnsPods();
    const text = positional(args)[0] ?? named(args, "count") ?? "1";
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > pods.length)
      throw new FaultError(
        `dns-replicas-down: expected a replica count from 1 to ${pods.length}, got "${text}"`,
        "fault/invalid-args",
      );
    return podsDown(host, pods.slice(0, n));
  },
  "dns-selector-mismatch": (host) => {
    const svc = host.dnsService();
    if (!svc?.spec.selector)
      throw new FaultError("dns-selector-mismatch: the DNS Service has no selector", "fault/invalid-args");
    const original = { ...svc.spec.selector };
    const broken = Object.fromEntries(Object.keys(original).map((k) => [k, `${original[k]}-mismatch`]));
    host.setServiceSelector(svc, broken);
    return () => {
      const now = host.dnsService();
      if (now) host.setServiceSelector(now, original);
    };
  },
  "dns-loop": (host) => {
    host.setCorednsResolvConf("nameserver 127.0.0.53\n");
    return () => host.setCorednsResolvConf(undefined);
  },
  "upstream-unreachable": (host) => {
    host.setUpstream({ kind: "unreachable" });
    return () => host.setUpstream(undefined);
  },
  "upstream-slow": (host, args) => {
    const text = named(args, "delay") ?? positional(args)[0];
    if (!text)
      throw new FaultError("upstream-slow needs delay=DURATION (e.g. delay=3s)", "fault/invalid-args");
    host.setUpstream({ kind: "slow", delayMs: durationMs(text, "upstream-slow") });
    return () => host.setUpstream(undefined);
  },
  "upstream-servfail": (host) => {
    host.setUpstream({ kind: "rcode", rcode: "SERVFAIL" });
    return () => host.setUpstream(undefined);
  },
  "apiserver-down": (host) => {
    host.freezeApi(true);
    return () => host.freezeApi(false);
  },
  "dns-operator-down": (host) => {
    host.setOperatorDown(true);
    return () => host.setOperatorDown(false);
  },
  "dns-packet-loss": (host, args) => {
    const text = positional(args)[0] ?? named(args, "rate");
    const m = text ? /^(\d+(?:\.\d+)?)%$/.exec(text) : null;
    const rate = m ? Number(m[1]) / 100 : NaN;
    if (!(rate >= 0 && rate <= 1))
      throw new FaultError(
        `dns-packet-loss: expected a rate like 30%, got "${text ?? ""}"`,
        "fault/invalid-args",
      );
    host.setPacketLoss(rate);
    return () => host.setPacketLoss(undefined);
  },
  "cni-missing": (host) => {
    host.setCniMissing(true);
    const heals = host
      .nodes()
      .map((n) =>
        nodeNotReady(
          host,
          n,
          "False",
          "KubeletNotReady",
          "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
          false,
        ),
      );
    return () => {
      host.setCniMissing(false);
      for (const h of heals.reverse()) h();
    };
  },
  "node-down": (host, args) => {
    const node = nodeArg(host, args, "node-down");
    return nodeNotReady(
      host,
      node,
      "Unknown",
      "NodeStatusUnknown",
      "Kubelet stopped posting node status.",
      true,
    );
  },
  "pod-not-ready": (host, args) => {
    const ref = positional(args)[0] ?? named(args, "pod");
    const [ns, name] = ref?.includes("/") ? ref.split("/") : ["default", ref];
    const pod = name ? host.pod(ns!, name) : undefined;
    if (!pod)
      throw new FaultError(
        `pod-not-ready: pods "${ref ?? ""}" not found (expected NAMESPACE/POD)`,
        "fault/invalid-args",
      );
    host.setPodReady(pod, false, "ReadinessProbeFailed");
    return () => {
      const now = host.pod(pod.metadata.namespace, pod.metadata.name);
      if (now) host.setPodReady(now, true);
    };
  },
  "ipam-exhausted": (host, args) => host.exhaustIpam(nodeArg(host, args, "ipam-exhausted")),
  "kube-proxy-down": (host, args) => {
    const node = nodeArg(host, args, "kube-proxy-down");
    host.setStaleProxy(node, true);
    return () => host.setStaleProxy(node, false);
  },
  partition: (host, args) => {
    // `partition A B [C...]`: node A is cut off from each of the others.
    const count = positional(args).length;
    if (count < 2)
      throw new FaultError(
        "partition needs two or more nodes: `fault partition A B [C...]`",
        "fault/invalid-args",
      );
    const a = nodeArg(host, args, "partition", 0);
    const others = Array.from({ length: count - 1 }, (_, i) => nodeArg(host, args, "partition", i + 1));
    for (const b of others) host.setPartition(a, b, true);
    return () => {
      for (const b of others) host.setPartition(a, b, false);
    };
  },
  "corefile-edit": (host, args) => {
    const text = named(args, "text");
    if (!text)
      throw new FaultError(
        "corefile-edit needs the new Corefile: file=PATH or text=COREFILE",
        "fault/invalid-args",
      );
    return host.editCorefile(text);
  },
};

const isFaultName = (name: string): name is FaultName => (FAULT_NAMES as readonly string[]).includes(name);

/** Applies a fault and returns its healer. */
export function inject(host: FaultHost, name: string, args: FaultArgument[]): () => void {
  const f = isFaultName(name) ? INJECTORS[name] : undefined;
  if (!f) throw new FaultError(`unknown fault "${name}" (known: ${FAULT_NAMES.join(", ")})`, "fault/unknown");
  return f(host, args);
}
