import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline.js";
import { findingFor } from "./target.js";

describe("withDeadline", () => {
  it("stops an execution that never returns as a hang finding, and the next one runs", () => {
    let calls = 0;
    const runner = withDeadline(
      {
        run(d) {
          calls++;
          // A loop the code under test cannot leave, its own catch-all included.
          if (d[0] === 1)
            for (;;) {
              try {
                calls += 0;
              } catch {
                /* swallowing everything does not stop the deadline */
              }
            }
        },
      },
      200,
    );
    const start = performance.now();
    let thrown: unknown;
    try {
      runner.run(new Uint8Array([1]));
    } catch (e) {
      thrown = e;
    }
    expect(performance.now() - start).toBeLessThan(2_000);
    const f = findingFor(thrown, new Uint8Array([1]));
    expect([f.kind, f.signature, f.message]).toEqual(["hang", "hang", "hang: no result within 200 ms"]);
    runner.run(new Uint8Array([0]));
    expect(calls).toBe(2);
  });

  it("passes the target's own exceptions through", () => {
    const runner = withDeadline(
      {
        run() {
          throw new RangeError("boom");
        },
      },
      1_000,
    );
    expect(() => runner.run(new Uint8Array())).toThrow(RangeError);
  });
});
