/**
 * A problem the user caused inside the cluster model (invalid manifest, allocation conflict). The
 * facade rethrows it as the contract's EngineError with the same code, location and field path; it is
 * a separate class only so engine/cluster does not import engine/engine.ts (which imports cluster types:
 * an import cycle). Admission refusals also carry the API server's status and every located issue.
 */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly location?: { path: string; line: number; column?: number },
    readonly fieldPath?: string,
    /** The API status of an admission refusal (reason, message, causes). */
    readonly status?: { reason: string; code: number; message: string },
    /** Every problem of the refused object, located (see intake/issues.ts). */
    readonly issues?: readonly unknown[],
  ) {
    super(message);
    this.name = "ClusterError";
  }
}
