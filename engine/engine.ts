/**
 * The engine facade: the one surface the runner's reference target and the CLI's serve/resolve/reach/
 * trace commands use. It owns the cluster store, the controllers, the DNS service (CoreDNS model),
 * the resolvers and the datapath, all on one virtual clock and one seeded RNG.
 *
 * Errors the user caused (bad manifest, unknown object, invalid Corefile) are thrown as EngineError
 * with a location; nothing else should escape.
 */
import type { ConnectRequest, ConnectResult, ReachRequest, ReachTable } from "./datapath/types.js";
import type { DnsMessage } from "./dns/message.js";
import type { HostsEntry, ResolvConf, ResolveWalk } from "./resolver/types.js";
import type { ClusterView } from "./cluster/view.js";
import type { KubeObject, Protocol } from "./cluster/model.js";
import type { SourceText, UpstreamEntry } from "./support/types.js";

export type { SourceText, UpstreamEntry };

/** Cluster settings (same meaning as the DSL's cluster block). Unset fields take profile defaults. */
export interface ClusterSpec {
  profile: "kubeadm" | "kind" | "openshift" | "custom";
  nodes?: number;
  serviceCidrs?: string[];
  podCidrs?: string[];
  hostPrefix?: number;
  clusterDomain?: string;
  /** Corefile served instead of the profile's default (also settable through the ConfigMap). */
  corefile?: SourceText;
  /**
   * Files of the CoreDNS container outside its ConfigMap, by absolute path (plugin/file's zone files
   * for `netspec serve --corefile`, which reads the files the Corefile names from disk).
   */
  corednsFiles?: Record<string, string>;
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
  resolver?: "glibc" | "musl";
  proxyMode?: "iptables" | "ipvs" | "nftables";
  cni?: string;
  ipFamily?: "ipv4" | "ipv6" | "dual";
  /** The nodes' /etc/resolv.conf text. */
  nodeResolvConf?: string;
  /**
   * OpenShift: the Network CR manifests the cluster is installed with (config.openshift.io/v1
   * Network `cluster`, optionally operator.openshift.io/v1 Network `cluster`); their
   * clusterNetwork, serviceNetwork and networkType replace the CIDR settings above.
   */
  network?: SourceText;
  /**
   * false = a bare cluster: namespaces and nodes only, none of the profile's add-on objects (no
   * `kubernetes` and DNS Services, no CoreDNS pods or ConfigMap). The cluster is exactly what the
   * manifests say, like the fake API of CoreDNS's own tests; the Corefile is then served by a CoreDNS
   * running outside the cluster model, at the address `handleWire` is told it listens on.
   */
  addons?: boolean;
  extra?: Record<string, string>;
  /**
   * The Kubernetes release whose API rules admission follows (`1.31`, `1.33`): rules that changed
   * between releases (RelaxedDNSSearchValidation, ...) are gated by it. Default: 1.31, the release
   * the local target's kube-apiserver runs.
   */
  kubernetesVersion?: string;
}

export interface EngineOptions {
  seed: number;
  upstream?: UpstreamEntry[];
}

export interface ObjectKey {
  kind: string;
  namespace?: string;
  name: string;
}

export interface DnsQueryRequest {
  name: string;
  type: string;
  /** Who asks: decides the source IP (CoreDNS sees it; policies may drop it) and the default server. */
  from?: { pod: { namespace: string; name: string } } | { node: string };
  transport?: "udp" | "tcp";
  /** `ip` or `ip:port`; default: the source's first resolv.conf nameserver (port 53). */
  server?: string;
  /** EDNS0 UDP size; absent = no OPT record. */
  bufsize?: number;
  recursionDesired?: boolean;
  dnssecOk?: boolean;
  /** The question's class; default IN (`CH` for `version.bind`). */
  class?: string;
  /** Carry an empty NSID option (RFC 5001 §2.1, dig +nsid); implies EDNS0 (1232 unless `bufsize`). */
  nsid?: boolean;
}

export interface DnsExchange {
  server: string;
  transport: "udp" | "tcp";
  /** Undefined when the query timed out (no reply from any path) or was refused. */
  reply?: DnsMessage;
  /**
   * An ICMP port unreachable came back instead of a reply: kube-proxy's REJECT rule for a Service
   * without endpoints (iptables/nftables modes), or a pod address where nothing listens.
   */
  refused?: boolean;
  /** Size in bytes of the encoded reply (every message of it). */
  size?: number;
  /**
   * How many messages the reply was when more than one (a zone transfer over TCP): `reply` then holds
   * the first message's header and every message's answer records in order.
   */
  messages?: number;
  elapsedMs: number;
  /** The CoreDNS pod the query reached (kube-proxy's choice for a Service IP), when it reached one. */
  answeredBy?: { namespace: string; name: string };
  /** Which server block and plugin answered, cache hits, policies/faults on the way. */
  reasons: string[];
}

export interface CorednsStatus {
  status: "Running" | "CrashLoopBackOff" | "NotReady";
  ready: boolean;
  replicas: number;
  readyReplicas: number;
  log: string[];
  /** The Corefile the replicas run now (a ConfigMap edit shows here only once reloaded). */
  corefile: string;
}

/** Where a raw DNS packet came from and arrived (`netspec serve`): what view and acl expressions see. */
export interface WireMeta {
  transport: "udp" | "tcp";
  clientIp: string;
  clientPort?: number;
  serverIp?: string;
  serverPort?: number;
}

export interface Engine {
  readonly view: ClusterView;
  /** Apply manifests (multi-document YAML). Throws EngineError on the first invalid document. */
  apply(sources: SourceText[]): { applied: ObjectKey[] };
  delete(key: ObjectKey): void;
  label(
    key: ObjectKey,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
  ): void;
  /** `set`/`remove` by dotted path on the manifest form, or a merge patch (YAML). */
  patch(
    key: ObjectKey,
    ops: (
      | { op: "set"; path: string; value: unknown }
      | { op: "remove"; path: string }
      | { op: "merge"; patch: SourceText }
    )[],
  ): void;
  scale(key: ObjectKey, replicas: number): void;
  fault(name: string, args: { key?: string; value: string }[]): void;
  heal(name: string): void;
  /** Advance virtual time (controllers, reload delays, cache TTLs react). */
  advance(ms: number): void;
  /** The object as the API would return it (manifest form), or undefined. */
  get(key: ObjectKey): Record<string, unknown> | undefined;
  /** Typed object, for lookups of symbolic values. */
  object(key: ObjectKey): KubeObject | undefined;

  dns(request: DnsQueryRequest): DnsExchange;
  /** Raw wire handling for `netspec serve`: bytes in, bytes out (undefined = drop). */
  handleWire(packet: Uint8Array, meta: WireMeta): Uint8Array | undefined;
  /**
   * Every message of the reply to one packet: one for a query, several for a zone transfer over TCP
   * (plugin/transfer's envelopes), none for a drop. `handleWire` gives the first.
   */
  handleWireMessages(packet: Uint8Array, meta: WireMeta): Uint8Array[];
  resolve(
    from: { pod: { namespace: string; name: string } } | { node: string },
    name: string,
    type?: "A" | "AAAA" | "ANY",
  ): ResolveWalk;
  resolvConf(pod: { namespace: string; name: string }): {
    conf: ResolvConf;
    text: string;
    warnings: string[];
  };
  hosts(pod: { namespace: string; name: string }): { entries: HostsEntry[]; text: string };
  coredns(): CorednsStatus;
  connect(request: ConnectRequest): ConnectResult;
  reach(request: ReachRequest): ReachTable;
}

/** A problem the user caused, with the location it came from (manifest file/line, Corefile line). */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly location?: { path: string; line: number; column?: number },
    readonly fieldPath?: string,
  ) {
    super(message);
    this.name = "EngineError";
  }
}

export type { Protocol };
