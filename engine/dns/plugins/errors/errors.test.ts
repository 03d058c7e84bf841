import { describe, it, expect } from "vitest";
import { directive, request, serverBlock, testEnv } from "../testing/index.js";
import { errorsPlugin } from "./index.js";

describe("errors", () => {
  it("logs unwritten errors as CoreDNS does and passes them on", () => {
    const env = testEnv();
    const p = errorsPlugin.setup(directive("errors"), serverBlock(), env);
    const r = p.serve(request("example.com.", "A"), () => ({
      kind: "error",
      rcode: "SERVFAIL",
      by: "forward",
      notes: ["plugin/forward: no healthy proxies"],
    }));
    expect(r.kind).toBe("error");
    expect(env.logs).toEqual(["[ERROR] plugin/errors: 2 example.com. A: plugin/forward: no healthy proxies"]);
    expect(() =>
      errorsPlugin.setup(directive("errors { stacktrace; bogus }", 1), serverBlock(), env),
    ).toThrow(expect.objectContaining({ line: 3 }));
  });
});
