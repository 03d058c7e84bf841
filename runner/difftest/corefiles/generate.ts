/**
 * Generated Corefile cases for `netspec difftest --corefiles`: server blocks over the plugins that need
 * no API server (view, header, acl, any, chaos, rewrite with its name, answer-auto and block forms,
 * cname and edns0 rules, template, hosts, file, transfer, minimal, errors, dns64, loadbalance, nsid, metadata,
 * timeouts), a small zone file, and the questions to ask, from 127.0.0.1 or 127.0.0.2, over UDP or
 * TCP; some cases also forward `upstream.test` to an upstream world (upstream-block.ts). A case is a pure function of (seed, index): `--seed S --from I --cases 1` replays it.
 */
import { Rng } from "../rng.js";
import { exampleOrgZone } from "./example-zone.js";
import { UPSTREAM_RECORDS, upstreamPart } from "./upstream-block.js";
import type { UpstreamRecordText } from "../../targets/index.js";

export interface CorefileQuery {
  name: string;
  type: string;
  class?: "IN" | "CH";
  transport: "udp" | "tcp";
  /** The client's loopback address (plugin/view and acl tell clients apart by it). */
  from: "127.0.0.1" | "127.0.0.2";
  /** EDNS0 UDP size; absent = no OPT record. */
  bufsize?: number;
  /** With a bufsize: ask for the NSID (dig +nsid). */
  nsid?: boolean;
}

export interface CorefileCase {
  /** `seed:index`. */
  id: string;
  /** The Corefile, `PORT` standing for the port and `DIR` for the directory of `files`. */
  corefile: string;
  files: Record<string, string>;
  queries: CorefileQuery[];
  /** The upstream world a `forward . WORLD` block forwards to (upstream-block.ts), when there is one. */
  upstream?: UpstreamRecordText[];
}

const ZONE = exampleOrgZone({
  ttl: 300,
  soa: "ns.example.org. admin.example.org. 7 7200 3600 1209600 60",
  extra: [
    `*.w   IN TXT "wild"`,
    "sub   IN NS  ns.sub",
    "ns.sub IN A  192.0.2.54",
    `txt   IN TXT "v=spf1 -all"`,
  ],
});

const NAMES = [
  "www.example.org",
  "WWW.example.org",
  "mail.example.org",
  "alias.example.org",
  "Alias.example.org",
  "example.org",
  "nope.example.org",
  "a.w.example.org",
  "host.sub.example.org",
  "txt.example.org",
  "www.example.net",
  "test",
  "abc.x.example.org",
];
const TYPES = ["A", "A", "AAAA", "TXT", "MX", "SOA", "NS", "ANY", "CNAME", "SRV"];

const VIEW_EXPRS = [
  "incidr(client_ip(), '127.0.0.1/32')",
  "client_ip() == '127.0.0.2'",
  "type() == 'A'",
  "type() in ['A', 'TXT']",
  "name() matches '^w'",
  "name() endsWith 'example.org.'",
  "proto() == 'tcp'",
  "bufsize() > 512",
  "!do() && opcode() == 0",
  "type() not in ['MX'] and class() == 'IN'",
];

function headerPlugin(r: Rng): string {
  const rules = r.some(
    ["response set ra", "response clear aa", "response clear ra", "query clear rd", "query set rd"],
    0.5,
  );
  if (!rules.length) rules.push("response set ra");
  return `header {\n${rules.map((x) => `        ${x}`).join("\n")}\n    }`;
}

function aclPlugin(r: Rng): string {
  const action = () => r.pick(["allow", "block", "filter"]);
  const policy = () => {
    const parts = [action()];
    if (r.chance(0.6)) parts.push("type", r.pick(["A", "AAAA", "MX", "TXT", "A AAAA"]));
    if (r.chance(0.6)) parts.push("net", r.pick(["127.0.0.1", "127.0.0.2/32", "127.0.0.0/8", "10.0.0.0/8"]));
    return parts.join(" ");
  };
  const lines = Array.from({ length: r.int(1, 3) }, policy);
  return `acl {\n${lines.map((x) => `        ${x}`).join("\n")}\n    }`;
}

/** One rewrite line: a name rule (the request side, `answer auto`, the block form), cname or edns0. */
function rewriteRule(r: Rng): string {
  return r.pick([
    "rewrite name exact www.example.net www.example.org",
    "rewrite name suffix .example.net .example.org",
    "rewrite name prefix abc. www.",
    "rewrite name exact test mail.example.org",
    "rewrite name substring example.net example.org answer auto",
    "rewrite name prefix abc www",
    "rewrite name regex (.*)\\.example\\.net {1}.example.org answer auto",
    "rewrite stop {\n        name regex (.*)\\.example\\.net {1}.example.org\n        answer name (.*)\\.example\\.org {1}.example.net\n    }",
    "rewrite continue {\n        name suffix .example.net .example.org\n        answer auto\n    }",
    // A continue rule without response rules: no reverter, the reply keeps the rewritten question.
    "rewrite continue type TXT A",
    // cname_target.go: the target looked up again through the server. None of these TOs leads back
    // to a target its FROM matches (CoreDNS would recurse until its stack runs out).
    "rewrite cname exact www.example.org. mail.example.org.",
    "rewrite continue cname prefix www. mail.",
    "rewrite cname suffix www.example.org. host.sub.example.org.",
    "rewrite continue cname substring example.org example.net",
    "rewrite cname regex (.*)\\.example\\.org\\. {1}.example.net.",
    "rewrite cname regex (.*)\\.org\\. {1}.net",
    // edns0.go: the request's OPT, which the reply echoes (local codes, NSID) or not (subnet).
    "rewrite edns0 local set 0xffee abc",
    "rewrite continue edns0 local set 0xffee 0x61626364 revert",
    "rewrite continue edns0 local append 65518 {qname}",
    "rewrite edns0 local set 0xffed {client_ip}",
    "rewrite continue edns0 local replace 0xffed {qtype}",
    "rewrite continue edns0 local set 0xffed {protocol}",
    "rewrite edns0 local set 0xffec {client_port}",
    "rewrite continue edns0 local set 0xffec {server_port}",
    "rewrite edns0 local set 0xffec {server_ip} revert",
    "rewrite continue edns0 local unset 0xffee",
    "rewrite edns0 nsid set",
    "rewrite continue edns0 nsid unset",
    "rewrite continue edns0 nsid append revert",
    "rewrite edns0 subnet set 24 56",
    "rewrite continue edns0 subnet replace 16 48 revert",
  ]);
}

/** One or two rewrite lines (one plugin instance: the rules run in order, a stop rule ends them). */
function rewritePlugin(r: Rng): string {
  const first = rewriteRule(r);
  return r.chance(0.3) ? `${first}\n    ${rewriteRule(r)}` : first;
}

/** Plugins with an effect on some answers only (dns64, loadbalance) or none here (the rest). */
function quietPlugins(r: Rng): string[] {
  const out: string[] = [];
  if (r.chance(0.2))
    out.push(
      r.pick([
        "dns64",
        "dns64 64:ff9b::/96",
        "dns64 {\n        prefix 2001:db8:64::/96\n        translate_all\n    }",
      ]),
    );
  if (r.chance(0.2)) out.push(r.pick(["loadbalance", "loadbalance round_robin"]));
  // Not the bare `nsid`: it answers with the host's name (os.Hostname), which the reference cannot know.
  if (r.chance(0.15)) out.push(r.pick(["nsid netspec-difftest", "nsid difftest"]));
  if (r.chance(0.1)) out.push("metadata");
  if (r.chance(0.1)) out.push("timeouts {\n        read 10s\n        write 20s\n        idle 60s\n    }");
  return out;
}

function templatePlugin(r: Rng, zone: string): string {
  const z = zone === "." ? "" : ` ${zone}`;
  return r.pick([
    `template IN A${z} {\n        match "^(w|abc)[.]"\n        answer "{{ .Name }} 60 IN A 192.0.2.99"\n        fallthrough\n    }`,
    `template IN TXT${z} {\n        answer "{{ .Name }} 30 IN TXT \\"{{ .Type }}\\""\n        fallthrough\n    }`,
    `template ANY ANY${z} {\n        rcode NXDOMAIN\n        authority "example.org. 60 IN SOA ns.example.org. admin.example.org. 1 2 3 4 60"\n    }`,
  ]);
}

function hostsPlugin(r: Rng): string {
  const ip = r.pick(["10.1.1.1", "10.2.2.2", "fd00::1"]);
  return `hosts {\n        ${ip} test www.example.net\n        fallthrough\n    }`;
}

/** The plugins of one block, its terminal plugin last (order does not matter: plugin.cfg orders). */
function blockPlugins(r: Rng, zone: string, withFile: boolean): string[] {
  const out: string[] = [];
  if (r.chance(0.3)) out.push(headerPlugin(r));
  if (r.chance(0.3)) out.push(aclPlugin(r));
  if (r.chance(0.25)) out.push("any");
  if (r.chance(0.2)) out.push(r.pick(["chaos", "chaos netspec-difftest", "chaos v1 a@example.org"]));
  if (r.chance(0.3)) out.push(rewritePlugin(r));
  out.push(...quietPlugins(r));
  if (r.chance(0.2)) out.push("minimal");
  if (r.chance(0.3)) out.push("errors");
  if (r.chance(0.4)) out.push(hostsPlugin(r));
  if (r.chance(0.5)) out.push(templatePlugin(r, zone));
  if (withFile) {
    if (r.chance(0.3)) out.push("transfer {\n        to *\n    }");
    out.push(
      r.chance(0.3)
        ? "file DIR/example.db example.org {\n        fallthrough\n    }"
        : "file DIR/example.db example.org",
    );
  }
  if (r.chance(0.3) || !out.length) out.push(r.pick(["whoami", templatePlugin(r, zone)]));
  return out;
}

function block(
  zone: string,
  port: string,
  plugins: string[],
  view?: { name: string; exprs: string[] },
): string {
  const lines = plugins.map((p) => `    ${p}`);
  if (view)
    lines.unshift(`    view ${view.name} {\n${view.exprs.map((e) => `        expr ${e}`).join("\n")}\n    }`);
  return `${zone}:${port} {\n${lines.join("\n")}\n}`;
}

function query(r: Rng): CorefileQuery {
  const q: CorefileQuery = {
    name: r.pick(NAMES),
    type: r.pick(TYPES),
    transport: r.chance(0.2) ? "tcp" : "udp",
    from: r.chance(0.5) ? "127.0.0.1" : "127.0.0.2",
  };
  if (r.chance(0.25)) q.bufsize = r.pick([1232, 4096]);
  if (q.bufsize && r.chance(0.3)) q.nsid = true;
  if (r.chance(0.05)) Object.assign(q, { name: "version.bind", type: "TXT", class: "CH" });
  if (r.chance(0.05)) Object.assign(q, { name: "example.org", type: "AXFR", transport: "tcp" });
  return q;
}

/** Case `index` of `seed`. */
export function generateCorefileCase(seed: number, index: number): CorefileCase {
  const r = new Rng((seed * 1_000_003 + index * 7919 + 17) >>> 0);
  const zone = r.pick([".", "example.org", "org"]);
  const withFile = zone !== "." || r.chance(0.5);
  const blocks: string[] = [];
  const views = r.chance(0.5) ? r.int(1, 2) : 0;
  for (let v = 0; v < views; v++) {
    const exprs = Array.from({ length: r.int(1, 2) }, () => r.pick(VIEW_EXPRS));
    blocks.push(block(zone, "PORT", blockPlugins(r, zone, withFile), { name: `v${v}`, exprs }));
  }
  // The catch-all: declared last, as plugin/view's README asks (or left out: no view matching → REFUSED).
  if (!views || r.chance(0.8)) blocks.push(block(zone, "PORT", blockPlugins(r, zone, withFile)));
  if (zone !== "." && r.chance(0.4)) blocks.push(block(".", "PORT", ["whoami"]));
  const queries = Array.from({ length: r.int(5, 9) }, () => query(r));
  const forwarding = upstreamPart(seed, index);
  if (forwarding) {
    blocks.push(forwarding.block);
    queries.push(...forwarding.queries);
  }
  return {
    id: `${seed}:${index}`,
    corefile: `${blocks.join("\n")}\n`,
    files: withFile ? { "example.db": ZONE } : {},
    queries,
    ...(forwarding ? { upstream: UPSTREAM_RECORDS } : {}),
  };
}
