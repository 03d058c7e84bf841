import { describe, it, expect } from "vitest";
import { corefileDig } from "../testing/corefile.js";
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

describe("whoami in class CH (found by difftest --corefiles, case 1:126)", () => {
  it("the records carry the question's class (chaos loaded, so CH is served) (whoami.go: state.QClass())", () => {
    const s = corefileDig(". {\n  chaos\n  whoami\n}");
    expect(s.dig("who.example", "TXT", { class: "CH", clientIp: "127.0.0.1" }).split("\n").slice(2)).toEqual([
      "who.example. 0 CH A 127.0.0.1",
      "_udp.who.example. 0 CH SRV 0 0 0 .",
    ]);
  });
});
