import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { localPlugin } from "./index.js";

// Expectations read from plugin/local/local.go (code reading).
describe("local", () => {
  const p = localPlugin.setup(directive("local"), serverBlock(), testEnv());
  it("answers localhost names", () => {
    expect(dig(p.serve(request("localhost.", "A"), noNext)).answer).toEqual([
      "localhost. 604800 IN A 127.0.0.1",
    ]);
    expect(dig(p.serve(request("app.localhost.", "AAAA"), noNext)).answer).toEqual([
      "app.localhost. 604800 IN AAAA ::1",
    ]);
    expect(dig(p.serve(request("localhost.example.org.", "A"), noNext)).answer).toEqual([
      "localhost.example.org. 604800 IN A 127.0.0.1",
    ]);
    expect(dig(p.serve(request("1.0.0.127.in-addr.arpa.", "PTR"), noNext)).answer).toEqual([
      "1.0.0.127.in-addr.arpa. 604800 IN PTR localhost.",
    ]);
  });
  it("NXDOMAIN for other names in the local zones, with the zone SOA", () => {
    const r = dig(p.serve(request("2.0.0.127.in-addr.arpa.", "PTR"), noNext));
    expect(r.status).toBe("NXDOMAIN");
    expect(r.authority).toEqual([
      "127.in-addr.arpa. 604800 IN SOA localhost. root.localhost. 1 0 0 0 604800",
    ]);
  });
  it("other names go on", () => {
    expect(
      dig(p.serve(request("example.org."), () => ({ kind: "error", rcode: "REFUSED", by: "x" }))).status,
    ).toBe("REFUSED");
  });
});
