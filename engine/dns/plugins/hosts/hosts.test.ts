import { describe, it, expect } from "vitest";
import { dig, directive, noNext, request, serverBlock, testEnv } from "../testing/index.js";
import { hostsPlugin } from "./index.js";

const d = directive(
  "hosts { 10.0.0.5 db.example.org Db2.example.org; 2001:db8::5 db.example.org; 10.0.0.9 *.apps.example.org; fallthrough in-addr.arpa }",
);
const passed = () => ({ kind: "error" as const, rcode: "SERVFAIL", by: "next" });

describe("hosts (dns-behaviour.md §11.7, code reading of hosts.go)", () => {
  const p = hostsPlugin.setup(d, serverBlock(), testEnv());
  it("answers A and AAAA authoritatively with TTL 3600, keeping the query's case", () => {
    expect(dig(p.serve(request("DB.example.org.", "A"), noNext))).toEqual({
      status: "NOERROR",
      flags: ["qr", "aa", "rd"],
      answer: ["DB.example.org. 3600 IN A 10.0.0.5"],
      authority: [],
      additional: [],
    });
    expect(dig(p.serve(request("db.example.org.", "AAAA"), noNext)).answer).toEqual([
      "db.example.org. 3600 IN AAAA 2001:db8::5",
    ]);
  });
  it("a known name with another type is NODATA; an unknown name SERVFAIL (unwritten)", () => {
    expect(dig(p.serve(request("db2.example.org.", "AAAA"), noNext))).toMatchObject({
      status: "NOERROR",
      answer: [],
    });
    expect(dig(p.serve(request("db.example.org.", "MX"), noNext))).toMatchObject({
      status: "NOERROR",
      answer: [],
    });
    expect(dig(p.serve(request("nope.example.org.", "A"), noNext)).status).toBe("SERVFAIL");
  });
  it("wildcards match one label only, never the apex", () => {
    expect(dig(p.serve(request("console.apps.example.org.", "A"), noNext)).answer).toEqual([
      "console.apps.example.org. 3600 IN A 10.0.0.9",
    ]);
    expect(dig(p.serve(request("a.b.apps.example.org.", "A"), noNext)).status).toBe("SERVFAIL");
    expect(dig(p.serve(request("apps.example.org.", "A"), noNext)).status).toBe("SERVFAIL");
  });
  it("PTR from the entries; unknown reverse names go on", () => {
    expect(dig(p.serve(request("5.0.0.10.in-addr.arpa.", "PTR"), noNext)).answer).toEqual([
      "5.0.0.10.in-addr.arpa. 3600 IN PTR db.example.org.",
      "5.0.0.10.in-addr.arpa. 3600 IN PTR db2.example.org.",
    ]);
    expect(dig(p.serve(request("9.0.0.10.in-addr.arpa.", "PTR"), passed)).status).toBe("SERVFAIL");
  });
  it("localhost comes from the pod's /etc/hosts", () => {
    expect(dig(p.serve(request("localhost.", "A"), noNext)).answer).toEqual([
      "localhost. 3600 IN A 127.0.0.1",
    ]);
  });
  it("fallthrough only for its zones", () => {
    const q = hostsPlugin.setup(
      directive("hosts { 10.0.0.5 a.example.org; fallthrough example.org }"),
      serverBlock(),
      testEnv(),
    );
    expect(dig(q.serve(request("b.example.org."), passed)).status).toBe("SERVFAIL");
    expect(dig(q.serve(request("b.example.com."), noNext)).status).toBe("SERVFAIL");
  });
  it("entries outside the plugin's zones are discarded", () => {
    const q = hostsPlugin.setup(
      directive("hosts /etc/hosts example.org { 10.0.0.5 a.example.org b.example.com }"),
      serverBlock(),
      testEnv(),
    );
    expect(dig(q.serve(request("5.0.0.10.in-addr.arpa.", "PTR"), noNext)).answer).toEqual([
      "5.0.0.10.in-addr.arpa. 3600 IN PTR a.example.org.",
    ]);
    expect(dig(q.serve(request("localhost.", "A"), passed)).status).toBe("SERVFAIL");
  });

  it("rejects other files and bad options", () => {
    expect(() =>
      hostsPlugin.setup(directive("hosts /etc/coredns/custom.hosts"), serverBlock(), testEnv()),
    ).toThrow(/CorefileError|only the CoreDNS pod/);
    expect(() => hostsPlugin.setup(directive("hosts { tll 30 }", 2), serverBlock(), testEnv())).toThrow(
      expect.objectContaining({ line: 3 }),
    );
  });
});
