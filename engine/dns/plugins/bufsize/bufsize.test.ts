import { describe, it, expect } from "vitest";
import type { DnsRequest } from "../../plugin.js";
import { cannedNext, directive, request, serverBlock, testEnv } from "../testing/index.js";
import { bufsizePlugin } from "./index.js";

describe("bufsize", () => {
  it("lowers a larger advertised size to the configured one, leaves smaller and non-EDNS requests", () => {
    const seen: (number | undefined)[] = [];
    const next = (r: DnsRequest) => (seen.push(r.msg.edns?.udpSize), cannedNext(() => ({}))(r));
    const p = bufsizePlugin.setup(directive("bufsize 1232"), serverBlock(), testEnv());
    p.serve(request("a.example.", "A", { edns: 4096 }), next);
    p.serve(request("a.example.", "A", { edns: 512 }), next);
    p.serve(request("a.example.", "A"), next);
    expect(seen).toEqual([1232, 512, undefined]);
    expect(() => bufsizePlugin.setup(directive("bufsize 100"), serverBlock(), testEnv())).toThrow(
      /between 512 and 4096/,
    );
  });
});
