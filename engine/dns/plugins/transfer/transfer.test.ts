import { describe, expect, it } from "vitest";
import { makeQuery } from "../../present.js";
import { corefileDig, corefileError, digText } from "../testing/corefile.js";

const ZONE = `$ORIGIN example.org.
$TTL 3600
@       IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 300
        IN NS  ns
ns      IN A   192.0.2.53
www     IN A   192.0.2.80
        IN AAAA 2001:db8::80
`;

const files = { "/etc/coredns/example.db": ZONE };

function server(to: string) {
  return corefileDig(
    `example.org {\n    transfer {\n        to ${to}\n    }\n    file /etc/coredns/example.db\n}`,
    { files },
  );
}

const SOA = "example.org. 3600 IN SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 300";

describe("transfer (plugin/transfer) with file as the Transferer", () => {
  it("AXFR over TCP: SOA first and last, the apex NS, then every name in canonical order; AA set", () => {
    expect(server("*").dig("example.org", "AXFR", { transport: "tcp" })).toBe(
      [
        ";; status: NOERROR, flags: qr aa rd",
        ";; ANSWER:",
        SOA,
        "example.org. 3600 IN NS ns.example.org.",
        "ns.example.org. 3600 IN A 192.0.2.53",
        "www.example.org. 3600 IN A 192.0.2.80",
        "www.example.org. 3600 IN AAAA 2001:db8::80",
        SOA,
      ].join("\n"),
    );
  });

  it("over UDP a transfer is REFUSED (returned unwritten: the server's bare reply)", () => {
    expect(server("*").dig("example.org", "AXFR")).toBe(";; status: REFUSED, flags: qr rd");
  });

  it("a client outside `to` gets a written REFUSED (SetRcode: no AA); one inside gets the zone", () => {
    const s = server("10.244.1.9 192.0.2.1:5353");
    expect(s.dig("example.org", "AXFR", { transport: "tcp", clientIp: "10.244.7.7" })).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
    expect(s.dig("example.org", "AXFR", { transport: "tcp", clientIp: "192.0.2.1" }).split("\n")[0]).toBe(
      ";; status: NOERROR, flags: qr aa rd",
    );
    expect(s.dig("example.org", "AXFR", { transport: "tcp" }).split("\n")[0]).toBe(
      ";; status: NOERROR, flags: qr aa rd",
    );
  });

  it("AXFR of a name below the zone: file is not authoritative for it, the request goes on to file: REFUSED", () => {
    expect(server("*").dig("www.example.org", "AXFR", { transport: "tcp" })).toBe(
      ";; status: REFUSED, flags: qr rd",
    );
  });

  it("IXFR with the current serial: the lone SOA in a plain reply; an older serial falls back to AXFR", () => {
    const s = server("*");
    const ixfr = (serial: number) => {
      const q = makeQuery({ name: "example.org", type: "IXFR", id: 9 });
      q.authority = [
        {
          name: "example.org.",
          type: "SOA",
          class: "IN",
          ttl: 0,
          data: {
            type: "SOA",
            soa: { mname: "x.", rname: "y.", serial, refresh: 0, retry: 0, expire: 0, minimum: 0 },
          },
        },
      ];
      return digText(s.service.query(q, { clientIp: "10.244.1.9", transport: "tcp", port: 53 }).reply);
    };
    expect(ixfr(2024010101)).toBe([";; status: NOERROR, flags: qr rd", ";; ANSWER:", SOA].join("\n"));
    expect(ixfr(2024010100).split("\n").length).toBe(8);
    // Without the SOA in the authority section: SERVFAIL.
    expect(s.dig("example.org", "IXFR", { transport: "tcp" })).toBe(";; status: SERVFAIL, flags: qr rd");
  });

  it("other questions pass through to file", () => {
    expect(server("*").dig("www.example.org", "A").split("\n").slice(0, 3)).toEqual([
      ";; status: NOERROR, flags: qr aa rd",
      ";; ANSWER:",
      "www.example.org. 3600 IN A 192.0.2.80",
    ]);
  });

  it("setup errors as parseTransfer words them", () => {
    const at = (body: string) => corefileError(`example.org {\n    transfer {\n        ${body}\n    }\n}`);
    expect(at("to")).toBe(
      "line 3: plugin/transfer: Wrong argument count or unexpected line ending after 'to'",
    );
    expect(at("to example.com")).toBe("line 3: plugin/transfer: must specify an IP address: `example.com`");
    expect(at("from 10.0.0.1")).toBe("line 3: plugin/transfer: unknown property 'from'");
    expect(corefileError(`example.org {\n    transfer\n}`)).toBe("line 2: plugin/transfer: 'to' is required");
  });
});

describe("transfer: a zone larger than one message (transfer.go's 63000-byte batches)", () => {
  /**
   * A zone of `n` A records `hNNNN.example.org.`, 33 bytes each as dns.Len counts them (owner 19 +
   * header 10 + address 4), beside ZONE's SOA (78), NS (39), ns A (30), www A (31) and AAAA (43).
   */
  const big = (n: number) =>
    ZONE +
    Array.from(
      { length: n },
      (_, i) => `h${String(i).padStart(4, "0")} IN A 10.0.${i >> 8}.${i & 255}\n`,
    ).join("");
  const axfr = (n: number) => {
    const s = corefileDig(
      "example.org {\n    transfer {\n        to *\n    }\n    file /etc/coredns/example.db\n}",
      { files: { "/etc/coredns/example.db": big(n) } },
    );
    const out = s.service.query(makeQuery({ name: "example.org", type: "AXFR", id: 9 }), {
      clientIp: "192.0.2.1",
      transport: "tcp",
      port: 53,
    });
    return [out.reply!, ...(out.more ?? [])];
  };

  it("splits the stream into messages of at most 63000 bytes of records, each a reply with AA", () => {
    const msgs = axfr(4000);
    // In canonical order: SOA, NS, h0000..h3999, ns A, www A and AAAA, SOA. 117 + 33·1905 = 62982
    // fills the first batch, 33·1909 = 62997 the second; the third has the other 186 + 4.
    expect(msgs.map((m) => m.answer.length)).toEqual([1907, 1909, 190]);
    expect(msgs.every((m) => m.flags.aa && m.rcode === "NOERROR" && m.id === 9)).toBe(true);
    expect(msgs.map((m) => m.question[0]!.name)).toEqual(["example.org.", "example.org.", "example.org."]);
    const all = msgs.flatMap((m) => m.answer);
    expect([all[0]!.type, all[all.length - 1]!.type]).toEqual(["SOA", "SOA"]);
    // 4006 records, the SOA twice.
    expect(all.length).toBe(4006);
    expect(new Set(all.map((r) => `${r.name} ${r.type} ${JSON.stringify(r.data)}`)).size).toBe(4005);
  });

  it("a closing SOA alone in the last batch goes out as a plain reply (no AA), as transfer.go's lone-SOA branch writes it", () => {
    // 3810 h-records: 2 + 1905 fill the first batch; the other 1905 (62865) with ns, www A and AAAA
    // (62969) the second, which the closing SOA (78) would pass.
    const msgs = axfr(3810);
    const last = msgs[msgs.length - 1]!;
    expect(msgs.map((m) => m.answer.length)).toEqual([1907, 1908, 1]);
    expect(last.answer.map((r) => r.type)).toEqual(["SOA"]);
    expect(last.flags.aa).toBe(false);
    expect(msgs.slice(0, -1).every((m) => m.flags.aa)).toBe(true);
  });
});
