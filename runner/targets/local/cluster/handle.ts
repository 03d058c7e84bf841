/** What a started local cluster gives its caller, and how a start that failed says why. */
export interface ClusterNode {
  name: string;
  /** The node's InternalIP on the fabric. */
  ip: string;
  netns: string;
  podCidr: string;
}

export interface ClusterHandle {
  /** kubectl --kubeconfig works with this from the machine's namespace. */
  kubeconfig: string;
  /** The API server as the machine reaches it (https://127.0.0.1:PORT). */
  server: string;
  token: string;
  nodes: ClusterNode[];
  /** The run journal (for cleanJournal after a crash). */
  journal: string;
  /** How long start took, in milliseconds. */
  upMs: number;
  /** Run argv inside `node`'s network namespace. */
  exec(
    node: string,
    argv: string[],
    o?: { input?: string; signal?: AbortSignal },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /**
   * Run argv in pod `namespace/pod`'s container through runc, as a CRI exec ends (container-exec.ts);
   * undefined when the pod's one running container cannot be told from the runtime alone.
   */
  containerExec(
    target: { namespace: string; pod: string },
    argv: string[],
    o?: { signal?: AbortSignal },
  ): Promise<{ code: number; stdout: string; stderr: string; argv: string[] } | undefined>;
  /**
   * Freeze (SIGSTOP) or thaw (SIGCONT) one component: `kube-apiserver`, `<node>.kubelet`,
   * `<node>.kube-proxy`, `<node>.containerd`. Throws for a component that does not run.
   */
  signal(component: string, signal: "SIGSTOP" | "SIGCONT"): void;
  /** Every component's log. */
  logs(): { name: string; path: string }[];
  /** Components that exited while the cluster was up (crashed or killed), with their log's tail. */
  down(): { name: string; how: string; tail: string }[];
  /** The fabric namespace the nodes hang off (kind's docker network): its netns and gateway. */
  fabric: { netns: string; gateway: string };
  /**
   * Give the fabric `ip` too, routed from every node (and so from every pod): where a process of the
   * target (the upstream world, an outside host) answers. Idempotent.
   */
  addFabricAddress(ip: string): Promise<void>;
  /** Start a supervised process inside the fabric namespace (stopped and journaled with the rest). */
  startInFabric(name: string, argv: string[]): void;
  /** The NetworkPolicy implementation the nodes run, if any (network-policy.ts). */
  networkPolicy?: "kube-router";
  /**
   * Start kube-router's firewall on every node (idempotent); resolves once each node's chains are in
   * place. A failure names the node's kube-router and carries its log's tail.
   */
  enableNetworkPolicy(signal?: AbortSignal): Promise<void>;
  /** Delete the pods, then remove everything the journal lists. Idempotent. */
  stop(): Promise<void>;
}

/** A start that failed: names the component and carries the tail of its log. */
export class ClusterStartError extends Error {
  constructor(
    readonly component: string,
    message: string,
    readonly logTail: string,
  ) {
    super(
      `local cluster: ${component} did not come up: ${message}${logTail ? `\n--- ${component} log (tail) ---\n${logTail}` : ""}`,
    );
    this.name = "ClusterStartError";
  }
}
