import { describe, expect, it } from "vitest";
import { createRng } from "../../../support/index.js";
import { directive } from "../testing/index.js";
import { corefileError } from "../testing/corefile.js";
import { reloadPeriodMs, reloadTiming } from "./index.js";

describe("reload (plugin/reload/setup.go)", () => {
  it("the ticker period is INTERVAL + a jitter in [-JITTER/2, JITTER/2); JITTER is clamped to INTERVAL/2", () => {
    expect(reloadTiming(directive("reload"))).toEqual({ intervalMs: 30_000, jitterMs: 15_000 });
    expect(reloadTiming(directive("reload 10s 8s"))).toEqual({ intervalMs: 10_000, jitterMs: 5_000 });
    expect(reloadTiming(directive("reload 5s 0"))).toEqual({ intervalMs: 5_000, jitterMs: 0 });
    const rng = createRng(3);
    const periods = Array.from({ length: 200 }, () =>
      reloadPeriodMs(reloadTiming(directive("reload 2s 1s")), rng),
    );
    expect(Math.min(...periods)).toBeGreaterThanOrEqual(1_500);
    expect(Math.max(...periods)).toBeLessThan(2_500);
  });

  it("bad arguments fail with CoreDNS's words", () => {
    const at = (args: string) => corefileError(`. {\n    reload ${args}\n    whoami\n}`);
    expect(at("1s")).toBe("line 2: plugin/reload: interval value must be greater or equal to 2s");
    expect(at("10s 500ms")).toBe("line 2: plugin/reload: jitter value must be 0 or greater or equal to 1s");
    expect(at("soon")).toBe('line 2: plugin/reload: time: invalid duration "soon"');
    expect(at("1m 10s 5s")).toBe(
      "line 2: plugin/reload: Wrong argument count or unexpected line ending after '5s'",
    );
  });
});
