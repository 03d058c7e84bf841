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
  /** Every component's log. */
  logs(): { name: string; path: string }[];
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
