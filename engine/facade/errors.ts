/**
 * The facade's one error type: the model's errors (cluster admission, Corefile parsing, datapath
 * requests, fault arguments) rethrown as EngineError with the same code, location and field path.
 */
import { ClusterError } from "../cluster/index.js";
import { DatapathError } from "../datapath/index.js";
import { CorefileError, CorefileUnmodelled } from "../dns/index.js";
import { FaultError } from "../faults/index.js";
import { EngineError } from "../engine.js";
import type { SourceText } from "../support/index.js";

/** Runs `fn`, rethrowing the cluster model's errors as EngineError (same code, location, field path). */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ClusterError) throw new EngineError(e.message, e.code, e.location, e.fieldPath);
    if (e instanceof FaultError) throw new EngineError(e.message, e.code);
    throw e;
  }
}

/** Runs `fn` building CoreDNS from `corefile`; a CorefileError gets its location in that source. */
export function guardCorefile<T>(corefile: SourceText, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CorefileError) {
      // The Corefile lexer starts counting at corefile.line: e.line is already the file's line.
      const loc = { path: corefile.path, line: e.line, column: e.column ?? 1 };
      // Real CoreDNS accepts what the model lacks: `*/unsupported` makes the reference target skip.
      const code = e instanceof CorefileUnmodelled ? "corefile/unsupported" : "corefile/invalid";
      throw new EngineError(`${loc.path}:${loc.line}: ${e.message}`, code, loc);
    }
    throw e;
  }
}

/** Runs a datapath request; its errors are unsupported features or missing objects. */
export function guardDatapath<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DatapathError) {
      const code = /not modelled/.test(e.message) ? "datapath/unsupported" : "object/not-found";
      throw new EngineError(e.message, code);
    }
    throw e;
  }
}

export function notFound(what: string, name: string, namespace?: string): EngineError {
  const where = namespace === undefined ? "" : ` in namespace "${namespace}"`;
  return new EngineError(`${what} "${name}" not found${where}`, "object/not-found");
}
