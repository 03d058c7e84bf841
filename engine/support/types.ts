/** Small shared value types of the engine. */

/** Text with its origin (for error locations): `line`/`column` are where `text` starts in `path`. */
export interface SourceText {
  path: string;
  text: string;
  line: number;
  column: number;
}

/** One line of the world outside the cluster, answered by the upstream resolvers `forward` reaches. */
export interface UpstreamEntry {
  name: string;
  type: string;
  /** Presentation rdata (`142.250.80.46`); empty for rcode entries. */
  data: string;
  ttl?: number;
  /** NXDOMAIN / SERVFAIL / REFUSED / TIMEOUT for the whole name. */
  rcode?: string;
}
