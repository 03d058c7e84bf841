/** Every target call runs under a deadline, so a hung cluster errors the case instead of the run. */
import { TargetError } from "../targets/index.js";

/** Resolves with `work`, or rejects with a TargetError after `ms` (default 60 s). */
export async function withTimeout<T>(work: Promise<T>, ms: number | undefined, what: string): Promise<T> {
  const limit = ms ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
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
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
