import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { anyPlugin } from "./index.js";

describe("any (RFC 8482)", () => {
  it("answers ANY with the HINFO record", () => {
    const p = anyPlugin.setup(directive("any"), serverBlock(), testEnv());
    expect(dig(p.serve(request("example.org.", "ANY"), noNext)).answer).toEqual([
      'example.org. 8482 IN HINFO "ANY obsoleted" "See RFC 8482"',
    ]);
  });
});
