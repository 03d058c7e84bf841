import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Matcher } from "../../../dsl/index.js";
import { evaluateMatcher } from "../../expectations/index.js";
import type { ProbeOf } from "../target.js";
import { parseDig } from "./dig-output.js";
import { digArgs } from "./observe/dns.js";

// Recorded with BIND 9.18.49's dig against `netspec serve` (Corefile with `nsid coredns-a`), so the
// parser reads the pseudosection dig really prints.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const span = { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, file: "s.netspec" };
const judge = (m: Omit<Matcher, "span">, text: string) =>
  evaluateMatcher({ span, ...m }, parseDig(text), async () => []);

describe("dig's OPT pseudosection and SOA, as the matchers see them", () => {
  it("`; EDNS:` and `; NSID:` become edns udp/do/nsid", async () => {
    const o = parseDig(fixture("dig-nsid-netspec-serve.txt"));
    expect(o.edns).toEqual({ udp: 1232, do: true, nsid: "coredns-a", ede: [] });
    expect(o.answer.map((r) => r.data)).toEqual(["10.244.1.3", "10.244.2.3", "10.244.2.2"]);
    const nsid = await judge(
      { subject: "edns", field: "nsid", op: "==", value: { kind: "string", value: "coredns-a", span } },
      fixture("dig-nsid-netspec-serve.txt"),
    );
    expect(nsid.ok).toBe(true);
    const wrong = await judge(
      { subject: "edns", field: "udp", op: "==", value: { kind: "number", value: 4096, span } },
      fixture("dig-nsid-netspec-serve.txt"),
    );
    expect(wrong).toMatchObject({ ok: false, actual: expect.stringContaining("udp 1232") });
  });

  it("EDE lines, with and without extra text; no OPT means no edns", () => {
    const text = fixture("dig-nsid-netspec-serve.txt").replace(
      '; NSID: 63 6f 72 65 64 6e 73 2d 61 ("coredns-a")',
      "; EDE: 3 (Stale Answer): (served stale)\n; EDE: 18 (Prohibited)",
    );
    expect(parseDig(text).edns?.ede).toEqual([{ code: 3, text: "served stale" }, { code: 18 }]);
    expect(parseDig(fixture("dig-soa-netspec-serve.txt")).edns).toBeUndefined();
  });

  it("soa fields read the SOA's rdata in RFC 1035 order; an answer in order is position by position", async () => {
    const soa = fixture("dig-soa-netspec-serve.txt");
    const n = (value: number) => ({ kind: "number" as const, value, span });
    expect((await judge({ subject: "soa", field: "serial", op: "==", value: n(1700000000) }, soa)).ok).toBe(
      true,
    );
    expect(await judge({ subject: "soa", field: "minimum", op: "==", value: n(5) }, soa)).toMatchObject({
      ok: false,
      actual: "30",
    });
    const a = (ip: string) => ({
      kind: "record" as const,
      rrtype: "A",
      args: [{ kind: "string" as const, value: ip, span }],
      span,
    });
    const list = (ips: string[]) => ({ kind: "list" as const, items: ips.map(a), span });
    const dig = fixture("dig-nsid-netspec-serve.txt");
    expect(
      (
        await judge(
          {
            subject: "answer",
            ordered: true,
            op: "==",
            value: list(["10.244.1.3", "10.244.2.3", "10.244.2.2"]),
          },
          dig,
        )
      ).ok,
    ).toBe(true);
    expect(
      (
        await judge(
          {
            subject: "answer",
            ordered: true,
            op: "==",
            value: list(["10.244.2.3", "10.244.1.3", "10.244.2.2"]),
          },
          dig,
        )
      ).ok,
    ).toBe(false);
    // The same items as a set still match.
    expect(
      (
        await judge(
          { subject: "answer", op: "==", value: list(["10.244.2.3", "10.244.1.3", "10.244.2.2"]) },
          dig,
        )
      ).ok,
    ).toBe(true);
    expect((await judge({ subject: "answer", first: true, op: "==", value: a("10.244.2.3") }, dig)).ok).toBe(
      false,
    );
  });

  it("rcode NODATA is NOERROR with nothing of the asked type", async () => {
    const nodata = fixture("dig-soa-netspec-serve.txt")
      .replace(";cluster.local.\t\t\tIN\tSOA", ";cluster.local.\t\t\tIN\tAAAA")
      .replace(";; ANSWER SECTION:", ";; AUTHORITY SECTION:");
    const ident = { kind: "ident" as const, value: "NODATA", span };
    expect((await judge({ subject: "rcode", op: "is", value: ident }, nodata)).ok).toBe(true);
    expect(
      await judge({ subject: "rcode", op: "is", value: ident }, fixture("dig-soa-netspec-serve.txt")),
    ).toMatchObject({ ok: false });
  });
});

describe("dig arguments for class, NSID and transfers", () => {
  const probe = (p: Partial<ProbeOf<"dns">>): ProbeOf<"dns"> => ({
    kind: "dns",
    qtype: "A",
    qname: "x",
    ...p,
  });
  it("class CH is -c CH, nsid sends EDNS 1232 with +nsid; over UDP a truncated reply is kept (+ignore)", () => {
    expect(digArgs(probe({ qtype: "TXT", qname: "version.bind", class: "CH" }))).toEqual([
      "dig",
      "+time=2",
      "+tries=1",
      "+ignore",
      "+noedns",
      "-c",
      "CH",
      "-t",
      "TXT",
      "-q",
      "version.bind",
    ]);
    expect(digArgs(probe({ nsid: true }))).toContain("+nsid");
    expect(digArgs(probe({ nsid: true }))).toContain("+bufsize=1232");
  });
  it("an AXFR over tcp asks for headers and questions; over UDP and IXFR are skipped with the reason", () => {
    expect(digArgs(probe({ qtype: "AXFR", qname: "example.org", transport: "tcp" }))).toEqual([
      "dig",
      "+time=2",
      "+tries=1",
      "+tcp",
      "+noedns",
      "+comments",
      "+question",
      "example.org",
      "AXFR",
    ]);
    expect(() => digArgs(probe({ qtype: "AXFR" }))).toThrow(
      expect.objectContaining({ kind: "unsupported", message: expect.stringMatching(/every AXFR over TCP/) }),
    );
    expect(() => digArgs(probe({ qtype: "IXFR", transport: "tcp" }))).toThrow(
      expect.objectContaining({ kind: "unsupported", message: expect.stringMatching(/SOA serial/) }),
    );
  });
});
