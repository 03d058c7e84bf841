/**
 * A problem the user caused inside the cluster model (invalid manifest, allocation conflict). The
 * facade rethrows it as the contract's EngineError with the same code, location and field path; it is
 * a separate class only so engine/cluster does not import engine/engine.ts (which imports cluster types:
 * an import cycle).
 */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly location?: { path: string; line: number; column?: number },
    readonly fieldPath?: string,
  ) {
    super(message);
    this.name = "ClusterError";
  }
}
