import { describe, expect, it } from "vitest";
import { createClock } from "../../../support/index.js";
import { corefileDig } from "../testing/corefile.js";
import { parseMasterFile } from "./master.js";
import { presentLine } from "../../present.js";

const SOA = "@ IN SOA ns.example.org. admin.example.org. 1 7200 3600 1209600 300";
const at = (corefile: string, files: Record<string, string> = {}) => {
  try {
    corefileDig(corefile, { files });
    return "ok";
  } catch (e) {
    const x = e as { line?: number; message: string; name: string };
    return `${x.name} line ${x.line}: ${x.message}`;
  }
};

describe("file setup (setup.go fileParse)", () => {
  it("argument and option errors", () => {
    expect(at("example.org {\n    file\n}")).toBe(
      "CorefileError line 2: plugin/file: Wrong argument count or unexpected line ending after 'file'",
    );
    expect(
      at("example.org {\n    file /db {\n        transfer from 127.0.0.1\n    }\n}", { "/db": SOA }),
    ).toBe("CorefileError line 3: plugin/file: unknown property 'transfer'");
    expect(at("example.org {\n    file /db {\n        reload\n    }\n}", { "/db": SOA })).toBe(
      "CorefileError line 3: plugin/file: reload duration value is expected",
    );
  });

  it("a zone file without SOA, or with a bad record, fails setup with Parse's words", () => {
    expect(at("example.org {\n    file /db\n}", { "/db": "www IN A 192.0.2.1\n" })).toBe(
      'CorefileError line 2: plugin/file: file "/db" has no SOA record for origin example.org.',
    );
    expect(at("example.org {\n    file /db\n}", { "/db": `${SOA}\nwww IN A 300.1.1.1\n` })).toBe(
      'CorefileError line 2: plugin/file: failed to parse file "/db" for origin example.org. with error dns: bad A A: "300.1.1.1": at line: 2',
    );
  });

  it("record types outside the model are refused as unmodelled (the suite is skipped, not failed)", () => {
    expect(at("example.org {\n    file /db\n}", { "/db": `${SOA}\nx IN NAPTR 100 10 "" "" "" .\n` })).toMatch(
      /^CorefileUnmodelled line 2: plugin\/file: zone file \/db: NAPTR records in zone files are not modelled/,
    );
  });

  it("a missing file: setup warns and the zone answers SERVFAIL; with `reload 0` it is fatal", () => {
    const s = corefileDig("example.org {\n    file /nope\n}");
    expect(s.dig("www.example.org", "A")).toBe(";; status: SERVFAIL, flags: qr rd");
    expect(s.service.status().log.join("\n")).toContain(
      '[WARNING] plugin/file: Failed to open "open /nope: no such file or directory": trying again in 1m0s',
    );
    expect(at("example.org {\n    file /nope {\n        reload 0\n    }\n}")).toBe(
      "CorefileError line 2: plugin/file: open /nope: no such file or directory",
    );
  });

  it("reload: after the interval a file with a new SOA serial replaces the zone; the same serial keeps it", () => {
    const files: Record<string, string> = { "/db": `${SOA}\nwww IN A 192.0.2.1\n` };
    const clock = createClock();
    const s = corefileDig("example.org {\n    file /db {\n        reload 10s\n    }\n}", { files, clock });
    const a = () => s.dig("www.example.org", "A").split("\n")[2];
    expect(a()).toBe("www.example.org. 3600 IN A 192.0.2.1");
    files["/db"] = `${SOA}\nwww IN A 192.0.2.2\n`;
    clock.advance(11_000);
    expect(a()).toBe("www.example.org. 3600 IN A 192.0.2.1");
    files["/db"] = `${SOA.replace(" 1 ", " 2 ")}\nwww IN A 192.0.2.3\n`;
    clock.advance(5_000);
    expect(a()).toBe("www.example.org. 3600 IN A 192.0.2.1");
    clock.advance(5_000);
    expect(a()).toBe("www.example.org. 3600 IN A 192.0.2.3");
  });
});

describe("master files (miekg/dns ZoneParser as plugin/file uses it)", () => {
  const lines = (text: string, origin = "example.org.", files: Record<string, string> = {}) =>
    parseMasterFile(text, origin, "/zones/db", (p) => files[p]).map((r) => presentLine(r));

  it("$TTL, explicit TTLs carried to later records without one, class/TTL in either order, units", () => {
    expect(
      lines("a 60 IN A 192.0.2.1\nb IN A 192.0.2.2\n$TTL 1h\nc IN 30 A 192.0.2.3\nd A 192.0.2.4\n"),
    ).toEqual([
      "a.example.org. 60 IN A 192.0.2.1",
      "b.example.org. 60 IN A 192.0.2.2",
      "c.example.org. 30 IN A 192.0.2.3",
      "d.example.org. 3600 IN A 192.0.2.4",
    ]);
    expect(lines("a IN A 192.0.2.1\n")).toEqual(["a.example.org. 3600 IN A 192.0.2.1"]);
  });

  it("$ORIGIN (relative to the current one), @, blank owners, parentheses and comments", () => {
    expect(
      lines(
        '@ IN SOA ns admin ( 1 ; serial\n  2h 1h 1w 5m )\n  IN NS ns\n$ORIGIN sub\nx IN CNAME @\n  IN TXT "a b" c "q\\"d"\n',
      ),
    ).toEqual([
      "example.org. 3600 IN SOA ns.example.org. admin.example.org. 1 7200 3600 604800 300",
      "example.org. 3600 IN NS ns.example.org.",
      "x.sub.example.org. 3600 IN CNAME sub.example.org.",
      'x.sub.example.org. 3600 IN TXT "a b" "c" "q\\"d"',
    ]);
  });

  it("$INCLUDE: relative to the including file's directory, with its own origin; missing files fail", () => {
    const files = { "/zones/inc.db": "foo IN A 127.0.0.1\n$ORIGIN other.\nbar IN A 127.0.0.2\n" };
    expect(lines("$INCLUDE inc.db\nbaz IN A 127.0.0.3\n", "example.org.", files)).toEqual([
      "foo.example.org. 3600 IN A 127.0.0.1",
      "bar.other. 3600 IN A 127.0.0.2",
      "baz.example.org. 3600 IN A 127.0.0.3",
    ]);
    expect(lines("$INCLUDE /zones/inc.db sub.example.org.\n", "example.org.", files)[0]).toBe(
      "foo.sub.example.org. 3600 IN A 127.0.0.1",
    );
    expect(() => lines("$INCLUDE missing.db\n")).toThrow(/failed to open `\/zones\/missing.db'/);
  });

  it("$GENERATE and unknown directives are refused", () => {
    expect(() => lines("$GENERATE 1-2 h$ A 10.0.0.$\n")).toThrow(/\$GENERATE is not modelled/);
    expect(() => lines("$FOO bar\n")).toThrow(/unknown directive \$FOO/);
  });

  it("AAAA as Go prints it, SRV/MX/DNAME targets made absolute, RFC 3597 data", () => {
    expect(
      lines("a AAAA 2001:DB8:0:0::1\n_s._tcp SRV 0 5 80 a\nm MX 10 a\nd DNAME x\ng TYPE65280 \\# 2 abcd\n"),
    ).toEqual([
      "a.example.org. 3600 IN AAAA 2001:db8::1",
      "_s._tcp.example.org. 3600 IN SRV 0 5 80 a.example.org.",
      "m.example.org. 3600 IN MX 10 a.example.org.",
      "d.example.org. 3600 IN DNAME x.example.org.",
      "g.example.org. 3600 IN TYPE65280 \\# 2 abcd",
    ]);
  });
});
