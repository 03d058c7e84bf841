/**
 * The one list of faults: each fault's name and arguments, the reference engine's semantics (with the
 * upstream behaviour they follow), how a real target realises it, and the symptoms a user sees — the
 * last feeds `netspec explain`. Fault names come from here only: inject.ts must implement exactly
 * these (its table is typed by FaultName), docs/faults.md is generated from it, and FAULT_SIGNATURES
 * is what the language's checker is given.
 */

/** One fault as users read about it. */
export interface FaultInfo {
  name: string;
  /** Argument synopsis, e.g. `N` or `NODE` or `rate=30%`. */
  args: string;
  /** Reference semantics, citing the component behaviour they follow. */
  meaning: string;
  /** How kind/cluster targets realise it, or why they cannot. */
  realTarget: string;
  /**
   * How the local target's real cluster realises it, for the faults it realises; where it does not,
   * the reason is the target's own (runner/targets/local/faults.ts, LOCAL_UNREALISED), and
   * runner/targets/local/faults.test.ts keeps the two agreeing.
   */
  local?: string;
  /** What a user observes; matched by `netspec explain`. */
  symptoms: readonly string[];
}

export const FAULT_CATALOG = [
  {
    name: "dns-outage",
    args: "",
    meaning:
      "Every CoreDNS replica is down (crash-looping): none is Ready, so the DNS Service has no ready endpoints. kube-proxy (iptables/nftables) installs a REJECT rule for a Service without endpoints (pkg/proxy/iptables/proxier.go 'has no endpoints'): UDP queries get ICMP port unreachable. glibc's connected UDP socket sees ECONNREFUSED and gives up at once (res_send.c); musl's unconnected socket never sees the ICMP error and times out.",
    realTarget:
      "kind: kubectl scale deployment kube-system/coredns --replicas=0, waited for with kubectl rollout status; heal scales it back to the replicas it had. Existing clusters: skipped (it changes kube-system). The OpenShift profile's dns-default DaemonSet is not touched",
    local: "kubectl scale deployment kube-system/coredns to 0 and back, as on kind",
    symptoms: [
      "connection refused",
      "no servers could be reached",
      "Temporary failure in name resolution",
      "every name fails",
      "coredns 0/",
    ],
  },
  {
    name: "dns-replicas-down",
    args: "N",
    meaning:
      "N of the CoreDNS replicas are down (not Ready): the EndpointSlice controller drops them and kube-proxy balances over the rest, so queries still succeed.",
    realTarget:
      "kind: kubectl scale deployment kube-system/coredns down by N (default 1), waited for with kubectl rollout status; heal scales it back. Existing clusters: skipped (it changes kube-system)",
    local: "kubectl scale deployment kube-system/coredns down by N and back, as on kind",
    symptoms: ["fewer ready CoreDNS endpoints", "queries still answered"],
  },
  {
    name: "dns-selector-mismatch",
    args: "",
    meaning:
      "The DNS Service's selector no longer matches the CoreDNS pods: it has no endpoints, kube-proxy REJECTs (ICMP port unreachable), clients fail as in dns-outage while the CoreDNS pods themselves are healthy.",
    realTarget:
      "kind: kubectl patch of service kube-system/kube-dns with the selector k8s-app: kube-dns-mismatch, the original selector patched back on heal. Existing clusters: skipped (it changes kube-system)",
    local: "kubectl patch of the kube-dns Service's selector and back, as on kind",
    symptoms: ["kube-dns has no endpoints", "coredns pods Running but DNS refused", "connection refused"],
  },
  {
    name: "dns-loop",
    args: "",
    meaning:
      "CoreDNS's own /etc/resolv.conf points at a local stub (nameserver 127.0.0.53, systemd-resolved on the node), so `forward . /etc/resolv.conf` sends queries back to CoreDNS itself. The loop plugin's start-up probe sees its own query come back and stops the server (plugin/loop: 'Loop (...) detected for zone'): the pods crash-loop, leave the endpoints, and every query fails.",
    realTarget:
      "not realised on kind or existing clusters: needs the nodes' kubelet resolv.conf pointed at a local stub (node access)",
    symptoms: ["CrashLoopBackOff", "plugin/loop: Loop", "detected for zone", "connection refused"],
  },
  {
    name: "upstream-unreachable",
    args: "",
    meaning:
      "Every upstream resolver outside the cluster drops packets: forward times out and answers SERVFAIL; cluster names are still answered by the kubernetes plugin.",
    realTarget:
      "not realised on kind or existing clusters: the cluster forwards to real upstream resolvers, which the run does not control",
    local:
      "the upstream world process (in the fabric namespace, on the nodes' nameserver addresses) stops answering",
    symptoms: ["SERVFAIL for external names", "cluster names still resolve", "i/o timeout"],
  },
  {
    name: "upstream-slow",
    args: "delay=DURATION",
    meaning:
      "Upstream replies arrive after the delay; over forward's read timeout (2 s by default, plugin/forward) the query is a SERVFAIL, otherwise it just takes longer.",
    realTarget:
      "not realised on kind or existing clusters: the cluster forwards to real upstream resolvers, which the run does not control",
    local: "the upstream world process answers each query after the delay",
    symptoms: ["slow external names", "SERVFAIL after 2s", "cluster names fast"],
  },
  {
    name: "upstream-servfail",
    args: "",
    meaning: "Every upstream resolver answers SERVFAIL: external names fail, cluster names still resolve.",
    realTarget:
      "not realised on kind or existing clusters: the cluster forwards to real upstream resolvers, which the run does not control",
    local: "the upstream world process answers SERVFAIL",
    symptoms: ["SERVFAIL for external names", "cluster names still resolve"],
  },
  {
    name: "apiserver-down",
    args: "",
    meaning:
      "CoreDNS loses the API server: its informers keep the last state, so it answers from what it last saw and new or changed Services are not visible to it. Running replicas stay Ready (plugin/kubernetes ready.go: HasSynced stays true after the first sync).",
    realTarget:
      "not realised on kind or existing clusters: every probe runs through kubectl exec, which needs the API server",
    symptoms: ["new service NXDOMAIN", "stale answers", "API server unreachable"],
  },
  {
    name: "dns-operator-down",
    args: "",
    meaning:
      "OpenShift's DNS operator is not running: changes to the DNS CR (spec.servers, cache, upstreamResolvers) are not rendered into the dns-default ConfigMap.",
    realTarget:
      "not realised on kind or existing clusters yet (it would scale OpenShift's dns-operator down against the CVO)",
    symptoms: ["DNS CR change not applied", "stub zone not forwarded"],
  },
  {
    name: "dns-packet-loss",
    args: "RATE% (e.g. 30%)",
    meaning:
      "Each DNS packet towards a DNS server is lost with the given probability (decided by the run's seed, so results repeat): stub resolvers retry per resolv.conf timeout/attempts, and a lookup fails only when every attempt is lost.",
    realTarget: "not realised on kind or existing clusters: needs tc netem on the nodes (node access)",
    symptoms: ["intermittent timeouts", "slow lookups", "retries"],
  },
  {
    name: "cni-missing",
    args: "",
    meaning:
      "No CNI plugin is configured: kubelet reports NetworkReady=false, nodes go NotReady (and get the not-ready taint), the node lifecycle controller marks their pods NotReady, and new pods stay Pending.",
    realTarget: "not realised on kind or existing clusters: needs a cluster created without a CNI",
    symptoms: ["nodes NotReady", "pods Pending", "cni plugin not initialized", "network plugin not ready"],
  },
  {
    name: "node-down",
    args: "NODE",
    meaning:
      "The node stops reporting (Ready Unknown): its pods are marked NotReady and leave the endpoints; traffic to pods on it times out.",
    realTarget:
      "not realised on kind or existing clusters: needs the node stopped (docker pause or the kubelet), outside kubectl",
    local:
      "the node's kubelet and kube-proxy frozen (SIGSTOP) and every packet of its network namespace dropped (nftables); injected once the node lifecycle controller has marked the node NotReady (node-monitor-grace-period, 40 s); heal thaws both and removes the table",
    symptoms: ["node NotReady", "endpoints shrink", "timeouts to pods on one node"],
  },
  {
    name: "pod-not-ready",
    args: "NS/POD",
    meaning:
      "The pod's readiness fails: it leaves the ready endpoints (headless records and service backends) while it keeps running.",
    realTarget:
      "not realised on kind or existing clusters: a real kubelet re-asserts a pod's Ready condition from its probes",
    symptoms: ["pod missing from headless answers", "fewer endpoints"],
  },
  {
    name: "ipam-exhausted",
    args: "NODE",
    meaning:
      "The node's pod CIDR has no free address left: host-local IPAM fails and new pods on that node stay Pending in ContainerCreating (containernetworking/plugins host-local: 'no IP addresses available in range set').",
    realTarget:
      "not realised on kind or existing clusters: needs the node's host-local range filled (node access)",
    symptoms: ["ContainerCreating", "no IP addresses available", "pods Pending on one node"],
  },
  {
    name: "kube-proxy-down",
    args: "NODE",
    meaning:
      "kube-proxy on the node stops: its rules stay as they were, so clients on that node keep using the endpoints of the moment (stale after pods move) while other nodes follow changes.",
    realTarget:
      "not realised on kind or existing clusters yet (it would keep kube-proxy's DaemonSet off one node)",
    local:
      "the node's kube-proxy frozen (SIGSTOP): its rules stay as they were and follow no EndpointSlice change; heal thaws it (SIGCONT)",
    symptoms: ["only pods on one node fail", "stale service backends"],
  },
  {
    name: "partition",
    args: "NODE NODE [NODE...]",
    meaning:
      "Packets between the first node and each of the others are dropped: pod-to-pod traffic across the cut (DNS to a CoreDNS pod on the other side included) times out.",
    realTarget:
      "not realised on kind or existing clusters: needs packets dropped between nodes (node access)",
    local:
      "an nftables table in each side's network namespace drops packets to and from the other side's node address and pod CIDR; heal deletes the tables",
    symptoms: ["timeouts between two nodes", "intermittent DNS timeouts"],
  },
  {
    name: "corefile-edit",
    args: "file=PATH (or text=COREFILE)",
    meaning:
      "The Corefile ConfigMap is edited: CoreDNS's reload plugin picks the change up only on its next check (every INTERVAL ± JITTER/2 of the `reload` directive, 30 s ± 7.5 s by default; plugin/reload), so answers change only after a `wait`.",
    realTarget:
      "kind: kubectl patch of the Corefile key of configmap kube-system/coredns (CoreDNS's reload plugin picks it up once kubelet has synced the volume); heal patches the previous Corefile back. Existing clusters: skipped (it changes kube-system)",
    local:
      "kubectl patch of the kube-system/coredns ConfigMap; the reload plugin picks it up once kubelet has synced the volume; heal restores the previous Corefile",
    symptoms: ["Corefile change not applied yet", "old answers after an edit"],
  },
] as const satisfies readonly FaultInfo[];

/** A fault's name, as the catalog spells it. */
export type FaultName = (typeof FAULT_CATALOG)[number]["name"];

/** Every fault name, in catalog order. */
export const FAULT_NAMES: readonly FaultName[] = FAULT_CATALOG.map((f) => f.name);

/**
 * The faults as plain data, name and argument synopsis (`N`, `NODE`, `delay=DURATION`, `RATE% (e.g.
 * 30%)`, `NODE NODE [NODE...]`), in catalog order: what the language's checker needs to accept
 * `fault NAME ARGS` without importing the engine.
 */
export const FAULT_SIGNATURES: readonly { name: FaultName; args: string }[] = FAULT_CATALOG.map((f) => ({
  name: f.name,
  args: f.args,
}));

/** The catalog entry of a fault, if any. */
export function faultInfo(name: string): FaultInfo | undefined {
  return FAULT_CATALOG.find((f) => f.name === name);
}
