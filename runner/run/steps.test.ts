/** Steps handed to the target: a patch's symbolic values are resolved first. */
import { describe, expect, it } from "vitest";
import type { Target, TargetContext } from "../targets/index.js";
import { runAction } from "./steps.js";

const span = { file: "a.netspec", line: 1, column: 1, endLine: 1, endColumn: 2, offset: 0, endOffset: 1 };

describe("runAction patch", () => {
  it("resolves ip(pod ...) joined with a string (a /32 CIDR) before the target patches", async () => {
    const sent: unknown[] = [];
    const target = {
      resolve: async () => ["10.244.1.7"],
      patch: async (_ref: unknown, ops: unknown[]) => void sent.push(...ops),
    } as unknown as Target;
    const ip = { kind: "ref", fn: "ip", target: { kind: "pod", namespace: "a", name: "b" }, span };
    const value = { kind: "concat", parts: [ip, { kind: "string", value: "/32", span }], span };
    await runAction(
      {
        type: "patch",
        span,
        target: { kind: "AdminNetworkPolicy", name: "x" },
        ops: [
          { op: "set", path: "spec.egress.0.to.0.networks.0", value, span },
          { op: "set", path: "spec.egress.0.action", value: "Allow", span },
        ],
      } as never,
      target,
      {} as TargetContext,
      [],
    );
    expect(sent).toEqual([
      { op: "set", path: "spec.egress.0.to.0.networks.0", value: "10.244.1.7/32", span },
      { op: "set", path: "spec.egress.0.action", value: "Allow", span },
    ]);
  });
});
