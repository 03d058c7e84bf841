import { describe, it, expect } from "vitest";
import { dig, directive, request, serverBlock, testEnv } from "../testing/index.js";
import { chaosPlugin } from "./index.js";

const refused = () => ({ kind: "error" as const, rcode: "REFUSED", by: "end" });

describe("chaos", () => {
  it("answers version.bind and hostname.bind in class CH", () => {
    const p = chaosPlugin.setup(
      directive("chaos CoreDNS-001 info@coredns.io"),
      serverBlock(),
      testEnv({ hostname: "dns-default-x7k2p" }),
    );
    expect(dig(p.serve(request("version.bind.", "TXT", { class: "CH" }), refused)).answer).toEqual([
      'version.bind. 0 CH TXT "CoreDNS-001"',
    ]);
    expect(dig(p.serve(request("authors.bind.", "TXT", { class: "CH" }), refused)).answer).toEqual([
      'authors.bind. 0 CH TXT "info@coredns.io"',
    ]);
    expect(dig(p.serve(request("hostname.bind.", "TXT", { class: "CH" }), refused)).answer).toEqual([
      'hostname.bind. 0 CH TXT "dns-default-x7k2p"',
    ]);
    expect(dig(p.serve(request("version.bind.", "TXT"), refused)).status).toBe("REFUSED");
  });
});
