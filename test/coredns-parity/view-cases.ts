/**
 * Parity cases for plugin/view (server blocks chosen by expression; the client is 127.0.0.1 or
 * 127.0.0.2, the socket bound to it) and for an AXFR large enough for plugin/transfer to split.
 */
import { EXAMPLE_DB, type ParityCase } from "./plugins-cases.js";

/** EXAMPLE_DB with `n` more A records: 33 bytes each, so 4000 need three messages of 63000 bytes. */
function bigZone(n: number): string {
  const hosts = Array.from(
    { length: n },
    (_, i) => `h${String(i).padStart(4, "0")} IN A 10.0.${i >> 8}.${i & 255}`,
  );
  return `${EXAMPLE_DB}${hosts.join("\n")}\n`;
}

export const VIEW_CASES: ParityCase[] = [
  {
    title: "view: split DNS by client address (README), by type, by name; the catch-all last",
    corefile: `.:PORT {
    view one {
        expr incidr(client_ip(), '127.0.0.1/32')
    }
    hosts {
        1.1.1.1 test
        fallthrough
    }
    template IN TXT {
        answer "{{ .Name }} 5 IN TXT one"
    }
}
.:PORT {
    view two {
        expr incidr(client_ip(), '127.0.0.0/24') && type() in ['A', 'AAAA']
    }
    hosts {
        2.2.2.2 test
    }
}
.:PORT {
    view names {
        expr name() matches '^abc\\\\..*\\\\.example\\\\.com\\\\.$' || (proto() == 'tcp' && !do())
    }
    template IN ANY {
        answer "{{ .Name }} 5 IN TXT names"
    }
}
.:PORT {
    hosts {
        3.3.3.3 test
    }
}`,
    asks: [
      { name: "test", type: "A" },
      { name: "test", type: "A", from: "127.0.0.2" },
      { name: "test", type: "AAAA", from: "127.0.0.2" },
      { name: "test", type: "TXT" },
      { name: "test", type: "MX", from: "127.0.0.2" },
      { name: "abc.x.y.example.com", type: "MX", from: "127.0.0.2" },
      { name: "ABC.x.example.com", type: "TXT", from: "127.0.0.2" },
      { name: "abcd.example.com", type: "MX", from: "127.0.0.2" },
      { name: "abcd.example.com", type: "MX", from: "127.0.0.2", tcp: true },
    ],
  },
  {
    title: "view: a zone's views all fail, the walk goes on to a shorter zone; none at all → REFUSED",
    corefile: `example.org:PORT {
    view local {
        expr client_ip() == '127.0.0.1' && bufsize() >= 1232
    }
    hosts {
        10.1.1.1 www.example.org
    }
}
org:PORT {
    view two {
        expr client_ip() != '127.0.0.1'
    }
    template IN ANY {
        answer "{{ .Name }} 5 IN TXT org"
    }
}`,
    asks: [
      { name: "www.example.org", type: "A", bufsize: 1232 },
      { name: "www.example.org", type: "A" },
      { name: "www.example.org", type: "A", from: "127.0.0.2" },
      { name: "other.org", type: "A" },
      { name: "example.net", type: "A", from: "127.0.0.2" },
    ],
  },
  {
    title: "transfer: a zone of 4000 more names goes out in several messages",
    files: { "big.db": bigZone(4000) },
    corefile: `example.org:PORT {
    transfer {
        to *
    }
    file DIR/big.db
}`,
    asks: [
      { name: "example.org", type: "AXFR", tcp: true },
      { name: "h3999.example.org", type: "A" },
    ],
  },
];
