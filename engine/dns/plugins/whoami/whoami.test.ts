import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { whoamiPlugin } from "./index.js";

describe("whoami", () => {
  it("reports the client address and port in the additional section", () => {
    const p = whoamiPlugin.setup(directive("whoami"), serverBlock(), testEnv());
    expect(dig(p.serve(request("example.org.", "A"), noNext))).toEqual({
      status: "NOERROR",
      flags: ["qr", "aa", "rd"],
      answer: [],
      authority: [],
      additional: ["example.org. 0 IN A 10.244.0.5", "_udp.example.org. 0 IN SRV 0 0 52000 ."],
    });
  });
});
