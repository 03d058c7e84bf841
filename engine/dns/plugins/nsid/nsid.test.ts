import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

const corefile = (nsid: string) =>
  `example.org {\n    ${nsid}\n    hosts {\n        10.1.1.1 www.example.org\n    }\n}`;

describe("nsid (plugin/nsid)", () => {
  it("dig +nsid gets the configured words joined by a space in the OPT record", () => {
    const s = corefileDig(corefile("nsid coredns pod a"));
    expect(s.dig("www.example.org", "A", { nsid: true, bufsize: 1232 })).toBe(
      ';; status: NOERROR, flags: qr aa rd\n;; OPT: udp 1232, do, NSID: "coredns pod a"\n;; ANSWER:\nwww.example.org. 3600 IN A 10.1.1.1',
    );
  });

  it("without the NSID option in the query the reply carries none; the default NSID is the hostname", () => {
    const s = corefileDig(corefile("nsid"), { hostname: "coredns-7db6d8ff4d-x2k9q" });
    expect(s.dig("www.example.org", "A", { bufsize: 1232 }).split("\n")[1]).toBe(";; OPT: udp 1232");
    expect(s.dig("www.example.org", "A", { nsid: true }).split("\n")[1]).toBe(
      ';; OPT: udp 1232, do, NSID: "coredns-7db6d8ff4d-x2k9q"',
    );
  });

  it("the bare error reply of the server core carries the request's OPT, not the NSID", () => {
    const s = corefileDig(`example.org {\n    nsid x\n}`);
    expect(s.dig("www.example.org", "A", { nsid: true })).toBe(
      ';; status: SERVFAIL, flags: qr rd\n;; OPT: udp 1232, NSID: ""',
    );
  });

  it("a block, or a second nsid, is refused", () => {
    expect(corefileError(". {\n    nsid a\n    nsid b\n}")).toBe(
      "line 3: plugin/nsid: this plugin can only be used once per Server Block",
    );
    expect(corefileError(". {\n    nsid {\n        foo\n    }\n}")).toBe(
      "line 3: plugin/nsid: unknown property 'foo'",
    );
  });
});
