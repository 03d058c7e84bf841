/** What the kube target's observers get: the cluster (in cluster names) and how to reach it. */
import type { Value } from "../../../../dsl/index.js";
import type { TargetContext } from "../../target.js";
import type { CommandResult } from "../commands.js";
import type { Kubectl } from "../kubectl.js";

export interface KubeProbeEnv {
  kubectl: Kubectl;
  /** A symbolic value (already in cluster names) resolved on the live API. */
  resolve(value: Value, ctx: TargetContext): Promise<string[]>;
  /**
   * The pod DNS probes without a source run in (`expect dns …` queries "from a plain pod in
   * default"): started once, in the cluster's name of the scenario's `default`, and kept.
   */
  probePod(ctx: TargetContext): Promise<{ namespace: string; name: string }>;
  /**
   * `kubectl apply` of manifests already in cluster names, after the case's namespaces, as an apply
   * step does it; kubectl's exit code and output are returned whatever they are.
   */
  admit(text: string, ctx: TargetContext): Promise<CommandResult>;
  /** What the nodes' datapath says about a connection, for targets that can read the nodes. */
  datapath?: DatapathView;
  /** Backends answer with their hostname (KubeTargetOptions.backendsAnswerHostname). */
  backendsAnswerHostname?: boolean;
  /** The network outside the cluster, for targets that have one of their own (the local target). */
  outside?: OutsideNetwork;
}

/**
 * Addresses outside the cluster, where a target controls that side: clients connecting from there
 * (`from external IP`) and hosts answering there (`to ip` beyond the cluster).
 */
export interface OutsideNetwork {
  /**
   * Makes `ip:port` answer from beyond the cluster: a LoadBalancer ingress IP or externalIP is routed
   * to a node, as the load balancer or the network would deliver it; any other address outside the
   * cluster gets a host that writes back the source it saw. An address of the cluster is left alone.
   */
  prepare(ip: string, port: number, ctx: TargetContext): Promise<void>;
  /** One connection from `from`, an address outside the cluster, to `host:port`. */
  connect(
    from: string,
    host: string,
    port: number,
    protocol: string,
    ctx: TargetContext,
  ): Promise<OutsideConnection>;
}

export interface OutsideConnection {
  verdict: "allowed" | "refused" | "timeout";
  /** The first line the far end wrote (serve-hostname backends: their hostname). */
  firstLine?: string;
  /** What ran and what it said, for the reasons. */
  detail: string;
  /** The node the connection entered the cluster at (where its conntrack entry is). */
  node?: string;
}

/** A connection as the client's node sees it. */
export interface ConnectionQuestion {
  client: { namespace: string; name: string };
  ip: string;
  port: number;
  protocol: string;
  /** A client outside the cluster: its address and the node its connection entered at. */
  outside?: { ip: string; node: string };
}

/**
 * Read from the client pod's node (kube-proxy's rules, conntrack): what a client cannot see itself.
 */
export interface DatapathView {
  /**
   * Whether kube-proxy REJECTs the address: the Service has no endpoints, or (nftables mode) the
   * cluster IP does not serve this port. A refusal is then kube-proxy's, not a closed port's: the
   * client sees ECONNREFUSED either way.
   */
  rejected(q: ConnectionQuestion, ctx: TargetContext): Promise<boolean>;
  /** The endpoint IPs kube-proxy may translate the Service address to, for this client. */
  candidates(q: ConnectionQuestion, ctx: TargetContext): Promise<string[]>;
  /** The source address the destination saw for the client's latest such connection (after SNAT). */
  sourceSeen(q: ConnectionQuestion, ctx: TargetContext): Promise<string | undefined>;
  /** Where the nodes enforce NetworkPolicy: whose policy rejected a connection. */
  policy?: PolicyView;
}

/** The counters a NetworkPolicy implementation keeps on the nodes, read around one connection. */
export interface PolicyView<Counters = unknown> {
  /** Read before the connection (undefined: no implementation runs, nothing to compare). */
  snapshot(ctx: TargetContext): Promise<Counters | undefined>;
  /** After a connection that failed: whose policy rejected it, read against `before`. */
  denial(
    q: ConnectionQuestion,
    before: Counters,
    ctx: TargetContext,
  ): Promise<{ by: "ingress" | "egress"; detail: string } | undefined>;
}
