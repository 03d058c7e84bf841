/**
 * A deadline for one execution in the current thread, for the CI fuzz pass (fuzz/fuzz.test.ts): a
 * hung input there would block vitest's worker forever, since a test timeout cannot interrupt a
 * synchronous loop. `vm.Script.runInThisContext({ timeout })` can: Node arms a watchdog that calls
 * V8's TerminateExecution when the script (and everything it calls) runs too long
 * (https://nodejs.org/api/vm.html#scriptrunincontextcontextifiedobject-options, `timeout`), and the
 * termination cannot be caught by the code under test. The CLI instead runs the whole session in a
 * worker under a watchdog (watchdog.ts), which costs nothing per execution.
 */
import { Script } from "node:vm";
import { Violation, type FuzzRunner } from "./target.js";

const KEY = "__netspecFuzzDeadlineRun";
const script = new Script(`globalThis.${KEY}()`);

/** `runner` with each execution stopped after `ms` as a `hang` finding. */
export function withDeadline(runner: FuzzRunner, ms: number): FuzzRunner {
  return {
    run(data) {
      const g = globalThis as unknown as Record<string, () => void>;
      g[KEY] = () => runner.run(data);
      try {
        script.runInThisContext({ timeout: ms });
      } catch (e) {
        if ((e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT")
          throw new Violation("hang", `no result within ${ms} ms`);
        throw e;
      } finally {
        delete g[KEY];
      }
    },
  };
}
