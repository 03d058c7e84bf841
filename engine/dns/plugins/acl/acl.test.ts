import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

const corefile = (acl: string) =>
  `example.org {\n    ${acl}\n    hosts {\n        10.1.1.1 www.example.org\n        fd00::1 www.example.org\n    }\n}`;

describe("acl (plugin/acl)", () => {
  it("block → REFUSED with an OPT of 4096, DO and EDE 15 (Blocked); other clients are answered", () => {
    const s = corefileDig(corefile("acl {\n        block net 192.168.0.0/16\n    }"));
    expect(s.dig("www.example.org", "A", { clientIp: "192.168.1.7" })).toBe(
      ";; status: REFUSED, flags: qr rd\n;; OPT: udp 4096, do, EDE: 15",
    );
    expect(s.dig("www.example.org", "A", { clientIp: "10.0.0.7" })).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nwww.example.org. 3600 IN A 10.1.1.1",
    );
  });

  it("filter → NOERROR with no records and EDE 17 (Filtered), for the listed types only", () => {
    const s = corefileDig(corefile("acl {\n        filter type AAAA\n    }"));
    expect(s.dig("www.example.org", "AAAA", { bufsize: 1232 })).toBe(
      ";; status: NOERROR, flags: qr rd\n;; OPT: udp 1232, do, EDE: 17",
    );
    expect(s.dig("www.example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
  });

  it("drop → no reply at all", () => {
    const s = corefileDig(corefile("acl {\n        drop net 10.0.0.0/8\n    }"));
    expect(s.dig("www.example.org", "A", { clientIp: "10.9.9.9" })).toBe(";; no reply (timed out)");
  });

  it("policies are tried in order: allow one host, block its network", () => {
    const s = corefileDig(
      corefile("acl {\n        allow net 192.168.1.7\n        block net 192.168.0.0/16\n    }"),
    );
    expect(s.dig("www.example.org", "A", { clientIp: "192.168.1.7" }).split("\n")[0]).toBe(
      ";; status: NOERROR, flags: qr aa rd",
    );
    expect(s.dig("www.example.org", "A", { clientIp: "192.168.1.8" }).split("\n")[0]).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
  });

  it("an allow in an earlier acl directive ends the checks of later ones (one ACL per block)", () => {
    const s = corefileDig(corefile("acl {\n        allow type A\n    }\n    acl {\n        block\n    }"));
    expect(s.dig("www.example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
    expect(s.dig("www.example.org", "AAAA").split("\n")[0]).toBe(";; status: REFUSED, flags: qr rd");
  });

  it("a rule for other zones does not apply; IPv6 clients match IPv6 nets", () => {
    const s = corefileDig(
      corefile("acl other.org {\n        block\n    }\n    acl {\n        block net fd00::/8\n    }"),
    );
    expect(s.dig("www.example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
    expect(s.dig("www.example.org", "A", { clientIp: "fd00::5" }).split("\n")[0]).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
  });

  it("bad policies fail at their line with CoreDNS's words", () => {
    const at = (line: string) => corefileError(`. {\n    acl {\n        ${line}\n    }\n}`);
    expect(at("deny")).toBe(
      `line 3: plugin/acl: unexpected token "deny"; expect 'allow', 'block', 'filter' or 'drop'`,
    );
    expect(at("block zone x")).toBe(`line 3: plugin/acl: unexpected token "zone"; expect 'type | net'`);
    expect(at("block type")).toBe(`line 3: plugin/acl: no token specified in "type" section`);
    expect(at("block type a")).toBe(`line 3: plugin/acl: unexpected token "a"; expect legal QTYPE`);
    expect(at("block net 10.0.0.300/8")).toBe(`line 3: plugin/acl: illegal CIDR notation "10.0.0.300/8"`);
    expect(at("block net 10.1.1.1")).toBe("ok");
  });
});
