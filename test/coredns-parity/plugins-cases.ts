/**
 * The Corefiles and questions of plugins-parity.test.ts: one case per plugin family, each Corefile
 * with `PORT` for the port and `DIR` for the temporary directory holding its files.
 */
import { exampleOrgZone } from "../../runner/difftest/corefiles/index.js";
import type { Ask } from "./parity-harness.js";

/** One Corefile and the questions both servers get. */
export interface ParityCase {
  title: string;
  corefile: string;
  asks: Ask[];
  files?: Record<string, string>;
}

/**
 * plugin/file's zone for the file/transfer cases (`DIR` in a Corefile is the temporary directory): the
 * generator's example.org hosts and the names lookup.go branches on (CNAME out of the zone and in a
 * loop, wildcard, delegation, empty non-terminal, DNAME, SRV), the SOA in parentheses.
 */
export const EXAMPLE_DB = exampleOrgZone({
  ttl: 3600,
  soa: "ns.example.org. admin.example.org. ( 2024010101 7200 3600 1209600 300 )",
  extra: [
    "@       IN NS   ns.other.test.",
    "outside IN CNAME www.other.test.",
    "loop1   IN CNAME loop2",
    "loop2   IN CNAME loop1",
    `*.wild  IN TXT  "wildcard" "two strings"`,
    "*.wild  IN MX   5 mail",
    "sub     IN NS   ns.sub",
    "ns.sub  IN A    192.0.2.54",
    "a.b.ent IN A    192.0.2.99",
    "legacy  IN DNAME example.org.",
    "_http._tcp IN SRV 0 5 80 www",
    `txt     IN TXT  "v=spf1 a mx ~all"`,
  ],
});

/** One Corefile (`PORT` stands for the port) and the questions both servers get. */
export const CASES: ParityCase[] = [
  {
    title: "header",
    corefile: `example.org:PORT {
    header {
        response set ra
        response clear aa
        query clear rd
    }
    hosts {
        10.1.1.1 www.example.org
    }
}`,
    asks: [
      { name: "www.example.org", type: "A" },
      { name: "nope.example.org", type: "A" },
    ],
  },
  {
    title: "acl block, filter, allow (the client is 127.0.0.1)",
    corefile: `example.org:PORT {
    acl {
        allow type A net 127.0.0.0/8
        block type AAAA net 127.0.0.1
        filter type MX
        drop net 10.0.0.0/8
    }
    hosts {
        10.1.1.1 www.example.org
        fd00::1 www.example.org
    }
}`,
    asks: [
      { name: "www.example.org", type: "A" },
      { name: "www.example.org", type: "AAAA" },
      { name: "www.example.org", type: "AAAA", bufsize: 1232 },
      { name: "www.example.org", type: "MX", bufsize: 1232 },
    ],
  },
  {
    title: "dns64 with allow_ipv4",
    corefile: `example.org:PORT {
    dns64 {
        allow_ipv4
        prefix 2001:db8:64::/96
    }
    template IN A example.org {
        match "^v4[.]example[.]org[.]$"
        answer "{{ .Name }} 60 IN A 192.0.2.33"
        fallthrough
    }
    template ANY ANY example.org {
        authority "example.org. 30 IN SOA ns.example.org. hostmaster.example.org. 1 7200 1800 86400 30"
    }
}`,
    asks: [
      { name: "v4.example.org", type: "AAAA" },
      { name: "v4.example.org", type: "A" },
      { name: "other.example.org", type: "AAAA" },
    ],
  },
  {
    title: "nsid, any, chaos",
    corefile: `.:PORT {
    nsid netspec parity
    any
    chaos CoreDNS-parity
    whoami
}`,
    asks: [
      { name: "example.org", type: "A", nsid: true },
      { name: "example.org", type: "A", bufsize: 1232 },
      { name: "example.org", type: "ANY" },
      { name: "version.bind", type: "TXT", class: "CH" },
      { name: "version.server", type: "TXT", class: "CH" },
    ],
  },
  {
    title: "template without fallthrough, bind, timeouts, metadata",
    corefile: `example.test:PORT {
    bind 127.0.0.1
    timeouts {
        read 10s
    }
    metadata
    template IN A example.test {
        match "^www[.]example[.]test[.]$"
        answer "{{ .Name }} 60 IN A 192.0.2.1"
    }
}`,
    asks: [
      { name: "www.example.test", type: "A" },
      { name: "other.example.test", type: "A" },
      { name: "www.example.test", type: "TXT" },
    ],
  },
  {
    title: "file: a zone file (lookup.go: CNAME, wildcard, delegation, DNAME, ENT, SRV/MX additionals)",
    files: { "example.db": EXAMPLE_DB },
    corefile: `example.org:PORT {
    file DIR/example.db
}`,
    asks: [
      { name: "www.example.org", type: "A" },
      { name: "WWW.Example.ORG", type: "AAAA" },
      { name: "example.org", type: "SOA" },
      { name: "example.org", type: "NS" },
      { name: "example.org", type: "MX" },
      { name: "example.org", type: "A" },
      { name: "alias.example.org", type: "A" },
      { name: "alias.example.org", type: "CNAME" },
      { name: "outside.example.org", type: "A" },
      { name: "loop1.example.org", type: "A" },
      { name: "x.wild.example.org", type: "TXT" },
      { name: "x.wild.example.org", type: "MX" },
      { name: "x.wild.example.org", type: "A" },
      { name: "wild.example.org", type: "TXT" },
      { name: "host.sub.example.org", type: "A" },
      { name: "sub.example.org", type: "NS" },
      { name: "ent.example.org", type: "A" },
      { name: "b.ent.example.org", type: "A" },
      { name: "nope.example.org", type: "A" },
      { name: "www.legacy.example.org", type: "A" },
      { name: "www.legacy.example.org", type: "CNAME" },
      { name: "legacy.example.org", type: "DNAME" },
      { name: "_http._tcp.example.org", type: "SRV" },
      { name: "txt.example.org", type: "TXT" },
      { name: "example.org", type: "AXFR", tcp: true },
    ],
  },
  {
    title: "file: two zones, $INCLUDE relative to the zone file, SRV owner case, CNAME into a delegation",
    files: {
      "two.db": `$ORIGIN example.net.
@ 60 IN SOA ns admin 1 2 3 4 5
@ IN 60 NS ns
ns A 192.0.2.1
$INCLUDE inc.db
_SIP._TCP SRV 0 0 5060 ns
deleg NS ns.deleg
ns.deleg A 192.0.2.2
into CNAME host.deleg
ext 30 IN CNAME www.example.org.
TXT1 TXT "a\\"b" c\\032d "\\065"
`,
      "inc.db": "included IN A 192.0.2.3\n",
      "example.db": EXAMPLE_DB,
    },
    corefile: `example.net:PORT example.org:PORT {
    file DIR/two.db example.net
    file DIR/example.db example.org
}`,
    asks: [
      { name: "included.example.net", type: "A" },
      { name: "_sip._tcp.example.net", type: "SRV" },
      { name: "into.example.net", type: "A" },
      { name: "ext.example.net", type: "A" },
      { name: "txt1.example.net", type: "TXT" },
      { name: "example.net", type: "ANY" },
      { name: "ns.example.net", type: "SOA" },
      { name: "www.example.org", type: "A" },
      { name: "example.net", type: "AXFR", tcp: true },
    ],
  },
  {
    title: "transfer: AXFR over TCP, REFUSED over UDP, outside the zone, fallthrough",
    files: { "example.db": EXAMPLE_DB },
    corefile: `example.org:PORT {
    transfer {
        to *
    }
    file DIR/example.db {
        fallthrough
    }
    whoami
}`,
    asks: [
      { name: "example.org", type: "AXFR", tcp: true },
      { name: "example.org", type: "AXFR" },
      { name: "www.example.org", type: "AXFR", tcp: true },
      { name: "nope.example.org", type: "A" },
      { name: "www.example.org", type: "A", tcp: true },
    ],
  },
  {
    title: "transfer: a client outside `to`",
    files: { "example.db": EXAMPLE_DB },
    corefile: `example.org:PORT {
    transfer {
        to 192.0.2.1
    }
    file DIR/example.db
}`,
    asks: [{ name: "example.org", type: "AXFR", tcp: true }],
  },
];
