/**
 * Reporters isolated from each other (the shape of Playwright's reporters/multiplexer.ts): every
 * event reaches every reporter; a reporter that throws is reported once, by name, and left out of
 * the rest of the run, while the others carry on; each one's `finish` runs on its own.
 */
import type { Reporter, RunEvent, RunResult } from "../runner/index.js";

export function multiplexReporters(reporters: Reporter[], warn: (line: string) => void): Reporter {
  const broken = new Set<Reporter>();
  const fail = (r: Reporter, what: string, error: unknown) => {
    broken.add(r);
    warn(
      `netspec: the ${r.name} reporter failed ${what} and was left out: ${error instanceof Error ? error.message : String(error)}`,
    );
  };
  return {
    name: "multiplexer",
    onEvent(event: RunEvent) {
      for (const r of reporters) {
        if (broken.has(r)) continue;
        try {
          r.onEvent?.(event);
        } catch (error) {
          fail(r, `on ${event.type}`, error);
        }
      }
    },
    async finish(result: RunResult) {
      for (const r of reporters) {
        if (broken.has(r)) continue;
        try {
          await r.finish?.(result);
        } catch (error) {
          fail(r, "writing its report", error);
        }
      }
    },
  };
}

/** A reporter that renders the whole result into one file at the end (junit, json, markdown, html). */
export function fileReporter(
  name: string,
  render: (result: RunResult) => string,
  write: (text: string) => void,
): Reporter {
  return { name, finish: (result) => write(render(result)) };
}
