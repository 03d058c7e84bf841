import { describe, it, expect } from "vitest";
import { explain } from "./explain.js";

describe("netspec explain", () => {
  it("maps symptoms to the faults that produce them", () => {
    expect(explain("CrashLoopBackOff").map((f) => f.name)).toEqual(["dns-loop"]);
    expect(explain("connection refused").map((f) => f.name)).toEqual(
      expect.arrayContaining(["dns-outage", "dns-selector-mismatch", "dns-loop"]),
    );
    expect(explain("cluster names still resolve").map((f) => f.name)).toEqual(
      expect.arrayContaining(["upstream-unreachable", "upstream-servfail"]),
    );
    expect(explain("no such symptom anywhere")).toEqual([]);
  });
});
