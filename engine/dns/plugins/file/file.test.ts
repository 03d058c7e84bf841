import { describe, expect, it } from "vitest";
import { corefileDig } from "../testing/corefile.js";
import type { CorefileDig } from "../testing/corefile.js";
import {
  apexWildcard,
  closerENTWildcard,
  dbMiekNL,
  dbMiekNLDelegation,
  dbWildcardAdditional,
  doubleWildcard,
  exampleOrg,
} from "./test-zones.js";

/** A block serving `text` as zone `origin` with plugin/file (and whatever else `extra` adds). */
function zone(origin: string, text: string, extra = ""): CorefileDig {
  return corefileDig(`${origin} {\n    file /etc/coredns/db ${origin}\n${extra}}`, {
    files: { "/etc/coredns/db": text },
  });
}

/** One case of a CoreDNS test table: rcode (NOERROR default) and the sections as dig lines. */
interface Case {
  q: string;
  t: string;
  rcode?: string;
  answer?: string[];
  ns?: string[];
  extra?: string[];
}

/** test.SortAndCheck: rcode and each section compared sorted (TTLs included, as test.Section does). */
function check(s: CorefileDig, c: Case): void {
  const out = s.dig(c.q, c.t);
  const lines = out.split("\n");
  const status = /status: (\w+)/.exec(lines[0]!)![1];
  const sections: Record<string, string[]> = { ANSWER: [], AUTHORITY: [], ADDITIONAL: [] };
  let cur: string[] | undefined;
  for (const l of lines.slice(1)) {
    const m = /^;; (\w+):$/.exec(l);
    if (m) cur = sections[m[1]!];
    else if (!l.startsWith(";;")) cur?.push(l);
  }
  const norm = (a: string[] = []) => a.map((x) => x.replace(/\s+/g, " ")).sort();
  expect({
    q: `${c.q} ${c.t}`,
    rcode: status,
    answer: norm(sections.ANSWER),
    ns: norm(sections.AUTHORITY),
    extra: norm(sections.ADDITIONAL),
  }).toEqual({
    q: `${c.q} ${c.t}`,
    rcode: c.rcode ?? "NOERROR",
    answer: norm(c.answer),
    ns: norm(c.ns),
    extra: norm(c.extra),
  });
}

const miekSoa = "miek.nl. 1800 IN SOA linode.atoom.net. miek.miek.nl. 1282630057 14400 3600 604800 14400";
const miekAuth = [
  "miek.nl. 1800 IN NS ext.ns.whyscream.net.",
  "miek.nl. 1800 IN NS linode.atoom.net.",
  "miek.nl. 1800 IN NS ns-ext.nlnetlabs.nl.",
  "miek.nl. 1800 IN NS omval.tednet.nl.",
];
const aMiek = [
  "a.miek.nl. 1800 IN A 139.162.196.78",
  "a.miek.nl. 1800 IN AAAA 2a01:7e00::f03c:91ff:fef1:6735",
];

describe("file: lookup_test.go dnsTestCases (zone dbMiekNL)", () => {
  const s = zone("miek.nl.", dbMiekNL);
  const cases: Case[] = [
    {
      q: "www.miek.nl.",
      t: "A",
      answer: ["a.miek.nl. 1800 IN A 139.162.196.78", "www.miek.nl. 1800 IN CNAME a.miek.nl."],
      ns: miekAuth,
    },
    {
      q: "www.miek.nl.",
      t: "AAAA",
      answer: [aMiek[1]!, "www.miek.nl. 1800 IN CNAME a.miek.nl."],
      ns: miekAuth,
    },
    { q: "miek.nl.", t: "SOA", answer: [miekSoa], ns: miekAuth },
    {
      q: "miek.nl.",
      t: "AAAA",
      answer: ["miek.nl. 1800 IN AAAA 2a01:7e00::f03c:91ff:fef1:6735"],
      ns: miekAuth,
    },
    {
      q: "mIeK.NL.",
      t: "AAAA",
      answer: ["miek.nl. 1800 IN AAAA 2a01:7e00::f03c:91ff:fef1:6735"],
      ns: miekAuth,
    },
    {
      q: "miek.nl.",
      t: "MX",
      answer: [
        "miek.nl. 1800 IN MX 1 aspmx.l.google.com.",
        "miek.nl. 1800 IN MX 10 aspmx2.googlemail.com.",
        "miek.nl. 1800 IN MX 10 aspmx3.googlemail.com.",
        "miek.nl. 1800 IN MX 5 alt1.aspmx.l.google.com.",
        "miek.nl. 1800 IN MX 5 alt2.aspmx.l.google.com.",
      ],
      ns: miekAuth,
    },
    { q: "a.miek.nl.", t: "SRV", ns: [miekSoa] },
    { q: "b.miek.nl.", t: "A", rcode: "NXDOMAIN", ns: [miekSoa] },
    {
      q: "srv.miek.nl.",
      t: "SRV",
      answer: ["srv.miek.nl. 1800 IN SRV 10 10 8080 a.miek.nl."],
      extra: aMiek,
      ns: miekAuth,
    },
    {
      q: "mx.miek.nl.",
      t: "MX",
      answer: ["mx.miek.nl. 1800 IN MX 10 a.miek.nl."],
      extra: aMiek,
      ns: miekAuth,
    },
    {
      q: "asterisk.x.miek.nl.",
      t: "CNAME",
      answer: ["asterisk.x.miek.nl. 1800 IN CNAME www.miek.nl."],
      ns: miekAuth,
    },
    { q: "a.b.x.miek.nl.", t: "CNAME", rcode: "NXDOMAIN", ns: [miekSoa] },
    {
      q: "asterisk.y.miek.nl.",
      t: "A",
      answer: ["asterisk.y.miek.nl. 1800 IN A 139.162.196.78"],
      ns: miekAuth,
    },
    {
      q: "foo.dname.miek.nl.",
      t: "CNAME",
      answer: ["dname.miek.nl. 1800 IN DNAME x.miek.nl.", "foo.dname.miek.nl. 1800 IN CNAME foo.x.miek.nl."],
      ns: miekAuth,
    },
    { q: "txt.miek.nl.", t: "TXT", answer: ['txt.miek.nl. 1800 IN TXT "v=spf1 a mx ~all"'], ns: miekAuth },
    // CAA is held as RFC 3597 data: 0 issue "letsencrypt.org".
    {
      q: "caa.miek.nl.",
      t: "CAA",
      answer: ["caa.miek.nl. 1800 IN CAA \\# 22 000569737375656c657473656e63727970742e6f7267"],
      ns: miekAuth,
    },
  ];
  for (const c of cases) it(`${c.q} ${c.t}`, () => check(s, c));

  it("ext-cname.miek.nl. A: the CNAME leaves the zone and upstream asks the server again", () => {
    // lookup_test.go expects SERVFAIL there: its File runs without a server, so upstream.Lookup fails.
    // In a running server the question re-enters the chain; no block serves example.com., the REFUSED
    // reply is neither NXDOMAIN nor SERVFAIL, so doLookup says Success and the NS go in the authority.
    check(s, {
      q: "ext-cname.miek.nl.",
      t: "A",
      answer: ["ext-cname.miek.nl. 1800 IN CNAME example.com."],
      ns: miekAuth,
    });
  });

  it("the reply reads as dig prints it: authoritative, question case kept by nobody (owner is the lower-cased name)", () => {
    expect(s.dig("mIeK.NL.", "AAAA")).toBe(
      [
        ";; status: NOERROR, flags: qr aa rd",
        ";; ANSWER:",
        "miek.nl. 1800 IN AAAA 2a01:7e00::f03c:91ff:fef1:6735",
        ";; AUTHORITY:",
        "miek.nl. 1800 IN NS linode.atoom.net.",
        "miek.nl. 1800 IN NS ns-ext.nlnetlabs.nl.",
        "miek.nl. 1800 IN NS omval.tednet.nl.",
        "miek.nl. 1800 IN NS ext.ns.whyscream.net.",
      ].join("\n"),
    );
  });

  it("TestLookUpNoDataResult: a.miek.nl. MX and wildcard.nodata.miek.nl. MX are NODATA", () => {
    check(s, { q: "a.miek.nl.", t: "MX", ns: [miekSoa] });
    check(s, { q: "wildcard.nodata.miek.nl.", t: "MX", ns: [miekSoa] });
  });

  it("names outside the zone: REFUSED (file is the last handler, f.Next is nil)", () => {
    const wide = corefileDig(`. {\n    file /etc/coredns/db miek.nl.\n}`, {
      files: { "/etc/coredns/db": dbMiekNL },
    });
    expect(wide.dig("example.com.", "A")).toBe(";; status: REFUSED, flags: qr rd");
  });

  it("AXFR/IXFR without the transfer plugin are REFUSED by file", () => {
    expect(s.dig("miek.nl.", "AXFR", { transport: "tcp" })).toBe(";; status: REFUSED, flags: qr rd");
  });
});

describe("file: lookup_test.go TestLookupFallthrough (next plugin: SERVFAIL, as test.ErrorHandler)", () => {
  const withFall = (args: string) =>
    corefileDig(`miek.nl. {\n    file /etc/coredns/db {\n        fallthrough ${args}\n    }\n}`, {
      files: { "/etc/coredns/db": dbMiekNL },
    });
  const rcode = (s: CorefileDig, q: string) => /status: (\w+)/.exec(s.dig(q, "A"))![1];

  it("fall.Root: every empty Success/NameError goes on", () => {
    const s = withFall("");
    expect(rcode(s, "doesnotexist.miek.nl.")).toBe("SERVFAIL");
    expect(rcode(s, "x.miek.nl.")).toBe("SERVFAIL");
  });
  it("fallthrough a.miek.nl.: only names under it go on; a NODATA below it too", () => {
    const s = withFall("a.miek.nl.");
    expect(rcode(s, "a.miek.nl.")).toBe("NOERROR");
    expect(rcode(s, "doesnotexist.miek.nl.")).toBe("NXDOMAIN");
    expect(rcode(s, "passthrough.a.miek.nl.")).toBe("SERVFAIL");
  });
  it("fallthrough x.miek.nl.: the empty non-terminal goes on, the wildcard answers", () => {
    const s = withFall("x.miek.nl.");
    expect(rcode(s, "x.miek.nl.")).toBe("SERVFAIL");
    expect(rcode(s, "wildcard.x.miek.nl.")).toBe("NOERROR");
  });
});

describe("file: delegation_test.go delegationTestCases (zone dbMiekNLDelegation)", () => {
  const s = zone("miek.nl.", dbMiekNLDelegation);
  const referral = [
    "delegated.miek.nl. 1800 IN NS a.delegated.miek.nl.",
    "delegated.miek.nl. 1800 IN NS ns-ext.nlnetlabs.nl.",
  ];
  const glue = [
    "a.delegated.miek.nl. 1800 IN A 139.162.196.78",
    "a.delegated.miek.nl. 1800 IN AAAA 2a01:7e00::f03c:91ff:fef1:6735",
  ];
  const cases: Case[] = [
    { q: "a.delegated.miek.nl.", t: "TXT", ns: referral, extra: glue },
    { q: "delegated.miek.nl.", t: "NS", ns: referral, extra: glue },
    { q: "foo.delegated.miek.nl.", t: "A", ns: referral, extra: glue },
    { q: "foo.delegated.miek.nl.", t: "TXT", ns: referral, extra: glue },
    { q: "foo.delegated.miek.nl.", t: "SOA", ns: referral, extra: glue },
    { q: "miek.nl.", t: "SOA", answer: [miekSoa], ns: miekAuth },
    { q: "miek.nl.", t: "AAAA", ns: [miekSoa] },
  ];
  for (const c of cases) it(`${c.q} ${c.t}`, () => check(s, c));

  it("a referral is not authoritative", () => {
    expect(s.dig("foo.delegated.miek.nl.", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr rd");
  });
});

describe("file: wildcard_test.go (DNSSEC-free tables)", () => {
  const ex = zone("example.org.", exampleOrg);
  const exampleAuth = [
    "example.org. 3600 IN NS a.iana-servers.net.",
    "example.org. 3600 IN NS b.iana-servers.net.",
  ];
  const dbl: Case[] = [
    {
      q: "wild.w.example.org.",
      t: "TXT",
      answer: ['wild.w.example.org. 3600 IN TXT "Wildcard"'],
      ns: exampleAuth,
    },
    {
      q: "wild.c.example.org.",
      t: "TXT",
      answer: ['wild.c.example.org. 3600 IN TXT "c Wildcard"'],
      ns: exampleAuth,
    },
    {
      q: "wild.d.example.org.",
      t: "TXT",
      answer: [
        'alias.example.org. 3600 IN TXT "Wildcard CNAME expansion"',
        "wild.d.example.org. 3600 IN CNAME alias.example.org.",
      ],
      ns: exampleAuth,
    },
    {
      q: "alias.example.org.",
      t: "TXT",
      answer: ['alias.example.org. 3600 IN TXT "Wildcard CNAME expansion"'],
      ns: exampleAuth,
    },
  ];
  for (const c of dbl) it(`wildcardDoubleTestCases ${c.q} ${c.t}`, () => check(ex, c));

  const b = ["example.org. 3600 IN NS b.iana-servers.net."];
  it("apexWildcardTestCases", () => {
    const s = zone("example.org.", apexWildcard);
    check(s, { q: "foo.example.org.", t: "A", answer: ["foo.example.org. 3600 IN A 127.0.0.54"], ns: b });
    check(s, { q: "bar.example.org.", t: "A", answer: ["bar.example.org. 3600 IN A 127.0.0.53"], ns: b });
  });
  it("multiWildcardTestCases", () => {
    const s = zone("example.org.", doubleWildcard);
    check(s, { q: "foo.example.org.", t: "A", answer: ["foo.example.org. 3600 IN A 127.0.0.54"], ns: b });
    check(s, { q: "bar.example.org.", t: "A", answer: ["bar.example.org. 3600 IN A 127.0.0.53"], ns: b });
    check(s, {
      q: "bar.intern.example.org.",
      t: "A",
      answer: ["bar.intern.example.org. 3600 IN A 127.0.1.52"],
      ns: b,
    });
  });
  it("wildcardAdditionalTestCases: a synthesized MX gets its target's addresses", () => {
    check(zone("example.org.", dbWildcardAdditional), {
      q: "foo.wild.example.org.",
      t: "MX",
      answer: ["foo.wild.example.org. 1800 IN MX 10 mail.example.org."],
      ns: ["example.org. 1800 IN NS ns.example.org."],
      extra: ["mail.example.org. 1800 IN A 192.0.2.10", "mail.example.org. 1800 IN AAAA 2001:db8::10"],
    });
  });
  it("closerENTWildcardTestCases: an empty non-terminal closer than the wildcard's parent is NXDOMAIN", () => {
    const s = zone("example.org.", closerENTWildcard);
    const soa =
      "example.org. 3600 IN SOA sns.dns.icann.org. noc.dns.icann.org. 2015082541 7200 3600 1209600 3600";
    check(s, { q: "nonexistent.deeper.example.org.", t: "A", rcode: "NXDOMAIN", ns: [soa] });
    check(s, {
      q: "nonexistent.example.org.",
      t: "A",
      answer: ["nonexistent.example.org. 3600 IN A 127.0.0.53"],
      ns: b,
    });
  });
  it("TestReplaceWithAsteriskLabel's wildcard does not match the apex itself", () => {
    const s = zone("example.org.", apexWildcard);
    check(s, {
      q: "example.org.",
      t: "A",
      ns: [
        "example.org. 3600 IN SOA sns.dns.icann.org. noc.dns.icann.org. 2015082541 7200 3600 1209600 3600",
      ],
    });
  });
});
