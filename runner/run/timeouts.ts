/** Every target call runs under a deadline, so a hung cluster errors the case instead of the run. */
import { TargetError } from "../targets/index.js";
import type { Failure } from "./failure.js";

/**
 * Resolves with `work`, or rejects with a TargetError after `ms` (default 60 s) or as soon as `signal`
 * aborts (a case timeout, Ctrl-C), so a hung target call never holds the run.
 */
export async function withTimeout<T>(
  work: Promise<T>,
  ms: number | undefined,
  what: string,
  signal?: AbortSignal,
): Promise<T> {
  const limit = ms ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        new TargetError(
          `${what} stopped: the case or the run was interrupted`,
          "internal",
          undefined,
          undefined,
          "run/interrupted",
        ),
      );
    if (signal?.aborted) onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    timer = setTimeout(
      () =>
        reject(
          new TargetError(
            `${what} timed out after ${limit / 1000}s`,
            "internal",
            undefined,
            undefined,
            "run/timeout",
          ),
        ),
      limit,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A thrown error as the case's outcome: a TargetError keeps its code and is framed at its own location
 * (a manifest's line, not the `apply` statement), without repeating that location in the message.
 */
export function failureOfError(error: unknown): Failure {
  if (!(error instanceof TargetError))
    return { status: "errored", message: messageOf(error), reasons: [], code: "run/internal" };
  const span = error.span();
  const prefix = span ? `${span.file}:${span.line}: ` : "";
  const message =
    prefix && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return {
    status: error.kind === "unsupported" ? "skipped" : "errored",
    message,
    reasons: [],
    span,
    code: error.code,
  };
}
