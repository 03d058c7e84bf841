import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { anyPlugin } from "./index.js";

describe("any (RFC 8482)", () => {
  it("answers ANY with the HINFO record", () => {
    const p = anyPlugin.setup(directive("any"), serverBlock(), testEnv());
    const r = dig(p.serve(request("example.org.", "ANY"), noNext));
    expect(r.answer).toEqual(['example.org. 8482 IN HINFO "ANY obsoleted" "See RFC 8482"']);
    // any.go writes m.SetReply(r) as is: not authoritative.
    expect(r.flags).toEqual(["qr", "rd"]);
  });
});
