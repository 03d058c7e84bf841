/**
 * For rewrite's tests: a whole CoreDNS process from a Corefile (rewrite's cname rule asks the server
 * itself, its edns0 rules change what the server's ScrubWriter echoes), asked like dig, the reply
 * printed like dig: status and flags, the OPT pseudosection, then the sections.
 */
import type { ClusterView } from "../../../cluster/index.js";
import { createClock, createRng } from "../../../support/index.js";
import type { DnsMessage } from "../../message.js";
import { createDnsServiceWith } from "../../service.js";
import type { QueryMeta } from "../../service.js";
import { pluginFactories } from "../index.js";
import { lines, query } from "../testing/index.js";

/** The `example.org` zone the tests serve with plugin/file. */
export const EXAMPLE_ORG = `$ORIGIN example.org.
$TTL 300
@     IN SOA ns.example.org. admin.example.org. 7 7200 3600 1209600 60
      IN NS  ns
ns    IN A   192.0.2.53
www   IN A   192.0.2.80
mail  IN A   192.0.2.25
alias IN CNAME www
chain IN CNAME alias
`;

export interface Dig {
  status: string;
  flags: string;
  /** dig's OPT pseudosection: `udp: 4096`, `NSID: ""`, `OPT=65518: 61 62 63` lines; empty: no OPT. */
  opt: string[];
  answer: string[];
  authority: string[];
}

const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join(" ");

function digOf(m: DnsMessage | undefined): Dig {
  if (!m) return { status: "(no reply)", flags: "", opt: [], answer: [], authority: [] };
  const f = m.flags;
  const opt: string[] = [];
  if (m.edns) {
    opt.push(`udp: ${m.edns.udpSize}${m.edns.do ? " do" : ""}`);
    for (const o of m.edns.options)
      opt.push(
        o.code === 3
          ? `NSID: ${JSON.stringify(new TextDecoder().decode(o.data))}`
          : `OPT=${o.code}: ${hex(o.data)}`,
      );
  }
  return {
    status: m.rcode,
    flags: (["qr", "aa", "tc", "rd", "ra"] as const).filter((k) => f[k]).join(" "),
    opt,
    answer: lines(m.answer),
    authority: lines(m.authority),
  };
}

/** `dig @server [+bufsize=N] [+nsid] NAME TYPE` against a process serving `corefile` on port 53. */
export function digServer(corefile: string, logs: string[] = []) {
  const s = createDnsServiceWith(
    {
      corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
      env: {
        cluster: {} as ClusterView,
        clock: createClock(),
        rng: createRng(1),
        upstream: [],
        hostResolvConf: { nameservers: ["192.0.2.1"], search: [], options: [] },
        selfAddresses: ["127.0.0.1"],
        readFile: (path) => (path === "/zones/example.org" ? EXAMPLE_ORG : undefined),
      },
    },
    pluginFactories,
  );
  logs.push(...s.status().log);
  return (
    name: string,
    type = "A",
    o: { bufsize?: number; nsid?: boolean; meta?: Partial<QueryMeta> } = {},
  ): Dig => {
    const q = query(name, type, o.bufsize ? { edns: o.bufsize } : {});
    if (o.nsid) q.edns!.options.push({ code: 3, data: new Uint8Array(0) });
    const meta: QueryMeta = {
      clientIp: "127.0.0.1",
      clientPort: 40000,
      transport: "udp",
      port: 53,
      ...o.meta,
    };
    return digOf(s.query(q, meta).reply);
  };
}
