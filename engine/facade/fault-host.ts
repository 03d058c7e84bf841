/**
 * The faults' side of the facade: the FaultHost extension points (engine/faults/host.ts) over the
 * cluster runtime, the fault state and the DNS deployment, and the active faults with their healers.
 */
import { parseNodeResolvConf, type ClusterRuntime } from "../cluster/index.js";
import { snapshotRules } from "../datapath/index.js";
import { upstreamFaultsFor } from "../dns/index.js";
import { EngineError } from "../engine.js";
import { inject, type FaultArgument, type FaultHost } from "../faults/index.js";
import type { Rng, UpstreamEntry } from "../support/index.js";
import type { DnsDeployment } from "./dns-deployment.js";
import { guard } from "./errors.js";
import type { FaultState } from "./fault-state.js";
import type { ObjectEdits } from "./object-edits.js";

export interface FaultHostDeps {
  runtime: ClusterRuntime;
  faults: FaultState;
  deployment: DnsDeployment;
  edits: ObjectEdits;
  upstream: UpstreamEntry[];
  rng: Rng;
}

/** The extension points faults act through; every effect then follows from the model's own rules. */
export function createFaultHost(deps: FaultHostDeps): FaultHost {
  const { runtime, faults, deployment } = deps;
  const { store } = runtime;
  return {
    dnsPods: () => deployment.pods(),
    dnsService: () => deployment.service(),
    pod: (ns, name) => store.pod(ns, name),
    node: (name) => store.node(name),
    nodes: () => [...store.nodes()].map((n) => n.metadata.name),
    podsOnNode: (node) => [...store.podsOnNode(node)],
    setPodReady: (pod, ready, reason) => runtime.setPodReady(pod, ready, reason),
    setPodDown: (pod, down) => faults.setDown(pod, down),
    setNodeReady: (node, status, reason, message) => runtime.setNodeReady(node, status, reason, message),
    setNodeUnreachable: (node, on) => faults.setNodeUnreachable(node, on),
    setServiceSelector: (svc, selector) =>
      deps.edits.patch({ kind: "Service", namespace: svc.metadata.namespace, name: svc.metadata.name }, [
        { op: "set", path: "spec.selector", value: selector },
      ]),
    setUpstream: (b) => upstreamFaultsFor(deps.upstream).set("*", b ? { ...b } : undefined),
    setCorednsResolvConf: (text) => {
      faults.corednsResolvConf = text === undefined ? undefined : parseNodeResolvConf(text);
      deployment.restart();
    },
    freezeApi: (frozen) => {
      faults.apiFrozen = frozen ? store.snapshot() : undefined;
      deployment.resync();
    },
    setOperatorDown: (down) => {
      faults.operatorDown = down;
      if (!down) deployment.operatorBack();
    },
    setPacketLoss: (rate) => faults.setPacketLoss(rate, () => deps.rng.fork("faults/dns-packet-loss")),
    setCniMissing: (missing) => {
      runtime.cniMissing = missing;
    },
    exhaustIpam: (node) => runtime.exhaustIpam(node),
    // The rules kube-proxy last wrote on that node: every service port's endpoints of this moment.
    setStaleProxy: (node, stale) => faults.setStaleRules(node, stale ? snapshotRules(store) : undefined),
    setPartition: (a, b, on) => faults.setPartition(a, b, on),
    editCorefile: (text) => deployment.editCorefile(text),
  };
}

/** The faults in effect, each with the healer inject() returned. */
export class ActiveFaults {
  private readonly active: { name: string; heal: () => void }[] = [];

  constructor(private readonly host: FaultHost) {}

  fault(name: string, args: FaultArgument[]): void {
    if (this.active.some((f) => f.name === name))
      throw new EngineError(`fault ${name} is already active`, "fault/invalid-args");
    this.active.push({ name, heal: guard(() => inject(this.host, name, args)) });
  }

  heal(name: string): void {
    const i = this.active.findIndex((f) => f.name === name);
    if (i < 0) throw new EngineError(`fault ${name} is not active`, "fault/not-active");
    const [f] = this.active.splice(i, 1);
    guard(() => f!.heal());
  }
}
