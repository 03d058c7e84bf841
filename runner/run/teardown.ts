/** Teardown: every prepared target is disposed once, newest first, whatever happened during the run. */
import type { Target, TargetContext } from "../targets/index.js";
import { teardownContext } from "./deadlines.js";
import { messageOf, withTimeout } from "./timeouts.js";

export class Prepared {
  private readonly list: { target: Target; ctx: TargetContext }[] = [];

  add(target: Target, ctx: TargetContext): void {
    this.list.push({ target, ctx });
  }

  /** Disposes in reverse order of preparation; returns the failures. */
  async disposeAll(timeoutMs: number | undefined): Promise<string[]> {
    const errors: string[] = [];
    const disposed = new Set<Target>();
    for (const p of [...this.list].reverse()) {
      if (disposed.has(p.target)) continue;
      disposed.add(p.target);
      try {
        await withTimeout(p.target.dispose(teardownContext(p.ctx)), timeoutMs, "dispose");
      } catch (error) {
        errors.push(`disposing ${p.target.name} failed: ${messageOf(error)}`);
      }
    }
    return errors;
  }
}
