/** The resolv.conf and /etc/hosts models and the result of a stub-resolver walk. */

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  /** `ndots:5`, `edns0`, `timeout:2`, in file order. */
  options: string[];
}

export interface HostsEntry {
  ip: string;
  names: string[];
  /** Trailing comment, e.g. `# openshift-generated-node-resolver`. */
  comment?: string;
}

export type Libc = "glibc" | "musl";

/** One query the stub resolver sent. */
export interface WalkStep {
  name: string;
  type: string;
  server: string;
  transport: "udp" | "tcp";
  rcode: string;
  answers: number;
  /** Virtual ms from the start of the resolution to this query's outcome. */
  atMs: number;
  elapsedMs: number;
}

export interface ResolveWalk {
  libc: Libc;
  source: "hosts" | "dns" | "none";
  /** Addresses in the order the resolver returns them. */
  answer: string[];
  /** Final status: NOERROR, NXDOMAIN, NODATA, SERVFAIL (TRY_AGAIN), TIMEOUT. */
  rcode: string;
  canonicalName?: string;
  steps: WalkStep[];
  elapsedMs: number;
  /** Why the walk ended where it did, in the resolver's terms. */
  reasons: string[];
}
