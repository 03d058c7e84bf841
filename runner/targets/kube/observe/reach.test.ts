import { describe, expect, it } from "vitest";
import { parseReachLines, reachScript } from "./reach.js";

describe("reach tables on real clusters", () => {
  it("probes every address at once with agnhost connect and waits for all", () => {
    expect(reachScript(["10.244.1.5", "10.244.2.7"], 80, "TCP")).toBe(
      `( /agnhost connect 10.244.1.5:80 --timeout=3s --protocol=tcp >/dev/null 2>&1; echo "REACH 10.244.1.5 $?" ) &
( /agnhost connect 10.244.2.7:80 --timeout=3s --protocol=tcp >/dev/null 2>&1; echo "REACH 10.244.2.7 $?" ) &
wait
`,
    );
  });

  it("reads each address's exit code (0 = allowed), in whatever order they finished", () => {
    expect([...parseReachLines("REACH 10.244.2.7 1\nnoise\nREACH 10.244.1.5 0\n")]).toEqual([
      ["10.244.2.7", 1],
      ["10.244.1.5", 0],
    ]);
  });
});
