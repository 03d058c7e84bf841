/** Small shared value types of the engine. */

/**
 * Text with its origin (for error locations): `line` is the line of `path` on which `text` starts;
 * `column` is added to the 1-based column of every line of `text` (the indentation stripped from an
 * inline block, as dsl ManifestText carries it; 0 for a file).
 */
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
  /**
   * The one upstream server that holds this record (`10.0.1.53`, `10.0.2.53:5353`; port 53 when
   * absent). Unset: every upstream answers it (the shared world).
   */
  server?: string;
}
