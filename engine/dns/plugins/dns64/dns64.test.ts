import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";
import { to6 } from "./index.js";
import { parseIPv4 } from "../../../net/index.js";

const corefile = (dns64: string) => `example.org {
    ${dns64}
    template IN A example.org {
        match "^v4\\.example\\.org\\.$"
        answer "{{ .Name }} 60 IN A 192.0.2.33"
        fallthrough
    }
    template IN AAAA example.org {
        match "^both\\.example\\.org\\.$"
        answer "{{ .Name }} 60 IN AAAA 2001:db8::1"
        fallthrough
    }
    template IN A example.org {
        match "^both\\.example\\.org\\.$"
        answer "{{ .Name }} 60 IN A 192.0.2.44"
        fallthrough
    }
    template ANY ANY example.org {
        authority "example.org. 30 IN SOA ns.example.org. hostmaster.example.org. 1 7200 1800 86400 30"
    }
}`;

describe("dns64 (plugin/dns64)", () => {
  it("an IPv6 client asking AAAA of an A-only name gets the A records inside 64:ff9b::/96", () => {
    const s = corefileDig(corefile("dns64"));
    // No AA, no RA: Synthesize builds a fresh SetReply; the TTL is capped by the NODATA SOA's 30.
    expect(s.dig("v4.example.org", "AAAA", { clientIp: "fd00::9" })).toBe(
      ";; status: NOERROR, flags: qr rd\n;; ANSWER:\nv4.example.org. 30 IN AAAA 64:ff9b::c000:221",
    );
  });

  it("IPv4 clients are not translated unless allow_ipv4; names with AAAA keep theirs unless translate_all", () => {
    const plain = corefileDig(corefile("dns64"));
    expect(plain.dig("v4.example.org", "AAAA", { clientIp: "10.0.0.9" })).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; AUTHORITY:\nexample.org. 30 IN SOA ns.example.org. hostmaster.example.org. 1 7200 1800 86400 30",
    );
    const v4 = corefileDig(corefile("dns64 {\n        allow_ipv4\n        prefix 2001:db8:aa::/48\n    }"));
    expect(v4.dig("v4.example.org", "AAAA", { clientIp: "10.0.0.9" })).toBe(
      ";; status: NOERROR, flags: qr rd\n;; ANSWER:\nv4.example.org. 30 IN AAAA 2001:db8:aa:c000:2:2100::",
    );
    expect(v4.dig("both.example.org", "AAAA", { clientIp: "10.0.0.9" }).split("\n").pop()).toBe(
      "both.example.org. 60 IN AAAA 2001:db8::1",
    );
    const all = corefileDig(corefile("dns64 {\n        allow_ipv4\n        translate_all\n    }"));
    expect(all.dig("both.example.org", "AAAA", { clientIp: "10.0.0.9" })).toBe(
      ";; status: NOERROR, flags: qr rd\n;; ANSWER:\nboth.example.org. 60 IN AAAA 64:ff9b::c000:22c",
    );
  });

  it("RFC 6052 §2.2 layout: bits 64..71 stay zero for every prefix length", () => {
    const v4 = parseIPv4("192.0.2.33")!;
    const p = new Uint8Array(16);
    p.set([0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44]);
    expect([32, 40, 48, 56, 64, 96].map((n) => to6(p, n, v4))).toEqual([
      "2001:db8:c000:221::",
      "2001:db8:1c0:2:21::",
      "2001:db8:122:c000:2:2100::",
      "2001:db8:122:3c0:0:221::",
      "2001:db8:122:344:c0:2:2100:0",
      "2001:db8:122:344::c000:221",
    ]);
  });

  it("bad prefixes fail with CoreDNS's words", () => {
    expect(corefileError(". {\n    dns64 10.0.0.0/8\n}")).toBe(
      'line 2: plugin/dns64: invalid netmask 32 IPv6 address: "10.0.0.0/8"',
    );
    expect(corefileError(". {\n    dns64 {\n        prefix 64:ff9b::/95\n    }\n}")).toBe(
      'line 3: plugin/dns64: invalid prefix length "64:ff9b::/95"',
    );
    expect(corefileError(". {\n    dns64 {\n        translate\n    }\n}")).toBe(
      "line 3: plugin/dns64: unknown property 'translate'",
    );
    expect(corefileError(". {\n    dns64 a b\n}")).toBe(
      "line 2: plugin/dns64: Wrong argument count or unexpected line ending after 'b'",
    );
  });
});
