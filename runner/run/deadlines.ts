/** Per-case deadlines and the contexts teardown work runs under. */
import type { TargetContext } from "../targets/index.js";

export interface CaseDeadline {
  /** The run's context with a signal that also aborts when the case's time is up. */
  ctx: TargetContext;
  expired(): boolean;
  message(): string;
  clear(): void;
}

/** A case context aborted by the run (Ctrl-C, --bail) or after `ms` of the case (`--case-timeout`). */
export function caseDeadline(ctx: TargetContext, ms: number | undefined): CaseDeadline {
  if (!ms) return { ctx, expired: () => false, message: () => "", clear: () => {} };
  const abort = new AbortController();
  let expired = false;
  const onRun = () => abort.abort();
  ctx.signal.addEventListener("abort", onRun, { once: true });
  if (ctx.signal.aborted) abort.abort();
  const timer = setTimeout(() => {
    expired = true;
    abort.abort();
  }, ms);
  return {
    ctx: { ...ctx, signal: abort.signal },
    expired: () => expired,
    message: () => `case timed out after ${ms / 1000}s (--case-timeout)`,
    clear: () => {
      clearTimeout(timer);
      ctx.signal.removeEventListener("abort", onRun);
    },
  };
}

/**
 * Heals and disposals must run after Ctrl-C too: they get a signal of their own (never aborted by the
 * run), and each call stays bounded by the step timeout.
 */
export function teardownContext(ctx: TargetContext): TargetContext {
  return { ...ctx, signal: new AbortController().signal };
}
