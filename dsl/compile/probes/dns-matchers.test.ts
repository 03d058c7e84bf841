import { describe, expect, it } from "vitest";
import { loadPlan, type ExpectStep, type SourceHost } from "../../index.js";

const host = (text: string): SourceHost => ({
  readFile: (p) => (p === "s.netspec" ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

const SVC =
  'apply """\n  apiVersion: v1\n  kind: Service\n  metadata: { name: web }\n  spec: { ports: [{ port: 80 }] }\n"""';

/** The spec is `suite "s" {` (line 1), the apply (2-7), `test "t" {` (8): expect lines start at 9. */
function compile(lines: string) {
  const r = loadPlan(["s.netspec"], host(`suite "s" {\n  ${SVC}\n  test "t" {\n${lines}\n  }\n}\n`));
  const steps = r.plan.files[0]?.suites[0]?.cases[0]?.steps ?? [];
  const at = (d: (typeof r.diagnostics)[number]) => `${d.code} ${d.span?.line}:${d.span?.column}`;
  return {
    diagnostics: r.diagnostics,
    errors: r.diagnostics.map(at),
    expects: steps.filter((s): s is ExpectStep => s.type === "expect"),
  };
}

describe("answer order", () => {
  it("`in order` compiles an ordered matcher, `first` the first item (with a field)", () => {
    const { errors, expects } = compile(
      '    expect dns A x.example.com { answer in order == [cname("y."), a(1.2.3.4)]; answer first type == CNAME; answer first == cname("y.") }',
    );
    expect(errors).toEqual([]);
    expect(expects[0]!.matchers).toMatchObject([
      { subject: "answer", ordered: true, op: "==", value: { kind: "list" } },
      { subject: "answer", first: true, field: "type", op: "==", value: { kind: "ident", value: "CNAME" } },
      { subject: "answer", first: true, op: "==", value: { kind: "record", rrtype: "CNAME" } },
    ]);
  });

  it("`order varies` needs a repeated probe: the error is at the matcher", () => {
    const ok = compile(
      "    expect dns A x.example.com repeat 8 { answer order varies; answer first steady }",
    );
    expect(ok.errors).toEqual([]);
    expect(ok.expects[0]!.probe).toMatchObject({ kind: "dns", repeat: 8 });
    expect(ok.expects[0]!.matchers).toMatchObject([
      { subject: "answer", field: "order", op: "varies" },
      { subject: "answer", field: "first", op: "steady" },
    ]);
    const bad = compile("    expect dns A x.example.com {\n      answer order varies\n    }");
    expect(bad.errors).toEqual(["check/unobservable 10:7"]);
    expect(bad.diagnostics[0]!.help).toContain("repeat N");
  });

  it("`repeat` takes 2..100; `in order` on a subject without order and a malformed form are errors", () => {
    expect(compile("    expect dns A x repeat 1 { rcode NOERROR }").errors).toEqual([
      "check/invalid-value 9:27",
    ]);
    expect(compile("    expect dns A x { flags in order == [qr] }").errors).toEqual([
      "check/invalid-matcher 9:22",
    ]);
    expect(compile("    expect dns A x { answer in order [a(1.2.3.4)] }").errors).toEqual([
      "check/invalid-matcher 9:22",
    ]);
  });
});

describe("NODATA, SOA fields, EDNS, class and query types", () => {
  it("`rcode NODATA` is accepted on dns and resolve probes, an unknown rcode is not", () => {
    const { errors } = compile(
      '    expect dns AAAA web.default.svc.cluster.local { rcode NODATA }\n    expect resolve "web.default" AAAA from node n { rcode NODATA }',
    );
    expect(errors.filter((e) => !e.startsWith("check/unknown-node"))).toEqual([]);
    expect(compile("    expect dns A x { rcode NODTA }").errors).toEqual(["check/unknown-rcode 9:28"]);
  });

  it("soa fields compile as fields; an unknown one is reported with the SOA fields", () => {
    const { errors, expects } = compile(
      "    expect dns SOA cluster.local { soa serial > 0; soa minimum == 5; soa mname == ns.dns.cluster.local. }",
    );
    expect(errors).toEqual([]);
    expect(expects[0]!.matchers.map((m) => m.field)).toEqual(["serial", "minimum", "mname"]);
    const bad = compile("    expect dns SOA cluster.local { soa serail == 1 }");
    expect(bad.errors).toEqual(["check/unknown-field 9:36"]);
    expect(bad.diagnostics[0]!.help).toContain("serial");
  });

  it("edns fields need a query with OPT, nsid needs the nsid option", () => {
    const ok = compile(
      '    expect dns A x bufsize 1232 nsid { edns; edns udp == 1232; edns nsid == "coredns-a"; edns ede lacks 18 }',
    );
    expect(ok.errors).toEqual([]);
    expect(ok.expects[0]!.probe).toMatchObject({ bufsize: 1232, nsid: true });
    expect(compile("    expect dns A x { edns udp == 1232 }").errors).toEqual(["check/unobservable 9:22"]);
    expect(compile('    expect dns A x bufsize 1232 { edns nsid == "a" }').errors).toEqual([
      "check/unobservable 9:35",
    ]);
    expect(compile("    expect dns A x bufsize 1232 { edns size == 1 }").errors).toEqual([
      "check/unknown-field 9:35",
    ]);
  });

  it("class CH and the query types beyond the common ones; a wrong class is reported", () => {
    const { errors, expects } = compile(
      "    expect dns TXT version.bind class CH { rcode NOERROR }\n    expect dns HTTPS x { rcode NOERROR }\n    expect dns SVCB x { rcode NOERROR }\n    expect dns NAPTR x { rcode NOERROR }\n    expect dns AXFR cluster.local over tcp { rcode NOERROR }",
    );
    expect(errors).toEqual([]);
    expect(expects[0]!.probe).toMatchObject({ qtype: "TXT", qname: "version.bind", class: "CH" });
    expect(expects.map((e) => (e.probe as { qtype: string }).qtype)).toEqual([
      "TXT",
      "HTTPS",
      "SVCB",
      "NAPTR",
      "AXFR",
    ]);
    expect(compile("    expect dns TXT version.bind class CHAOS { rcode NOERROR }").errors).toEqual([
      "check/invalid-value 9:39",
    ]);
  });
});

describe("names derived from a symbolic address", () => {
  it("reverse-name(cluster-ip(...)) / reverse-name(IP) are derived values", () => {
    const { errors, expects } = compile(
      "    expect dns PTR reverse-name(cluster-ip(service default/web)) { rcode NOERROR }\n    expect dns A x { answer == [ptr(fqdn(service default/web))] }\n    expect dns PTR reverse-name(10.96.0.1) { rcode NOERROR }",
    );
    expect(errors).toEqual([]);
    expect(expects[0]!.probe).toMatchObject({
      qnameValue: { kind: "derived", fn: "reverse-name", of: { kind: "ref", fn: "cluster-ip" } },
    });
    expect(expects[2]!.probe).toMatchObject({
      qnameValue: { kind: "derived", of: { kind: "string", value: "10.96.0.1" } },
    });
  });

  it("a non-address function inside is reported where it is written", () => {
    const { errors } = compile(
      "    expect dns PTR reverse-name(fqdn(service default/web)) { rcode NOERROR }",
    );
    expect(errors).toEqual(["check/invalid-value 9:33"]);
  });
});

describe("`empty` on a list subject", () => {
  it("is an error at the matcher with the form to write, on sections, tries and hops", () => {
    const r = compile(
      "    expect dns A x.example.com { answer empty }\n" +
        '    expect resolve "web" A from node n { tries empty }\n' +
        "    expect dns A x.example.com { answer count == 0 }",
    );
    expect(r.errors.filter((e) => !e.startsWith("check/unknown-node"))).toEqual([
      "check/invalid-matcher 9:34",
      "check/invalid-matcher 10:42",
    ]);
    const empties = r.diagnostics.filter((d) => d.code === "check/invalid-matcher");
    expect(empties.map((d) => [d.message, d.help])).toEqual([
      ["`answer empty` is not a matcher", "write `answer count == 0`"],
      ["`tries empty` is not a matcher", "write `tries count == 0`"],
    ]);
  });
});
