/**
 * The plugins ported from CoreDNS 1.14.7 without the kubernetes plugin (header, acl, dns64, nsid, any,
 * chaos, template, bind, timeouts, metadata, file and transfer with a zone file in the temporary
 * directory, AXFR over TCP) answered by the real CoreDNS binary and by `netspec serve
 * --bare` with the same Corefile on loopback, every reply compared as dig shows it: rcode, header
 * flags, the OPT record (size, DO, options) and the sorted sections. The binary comes from
 * NETSPEC_COREDNS or the local target's cache (`netspec local build`: bin/coredns-*); without it the
 * suite is skipped, saying so.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, makeQuery } from "../../engine/index.js";
import type { DnsMessage } from "../../engine/index.js";
import { digText as digReply } from "../../engine/dns/plugins/testing/corefile.js";
import { cacheDir } from "../../runner/targets/local/index.js";

const root = join(import.meta.dirname, "..", "..");

function corednsBinary(): string | undefined {
  const fromEnv = process.env.NETSPEC_COREDNS;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const dir = join(cacheDir(process.env), "bin");
  if (!existsSync(dir)) return undefined;
  const found = readdirSync(dir)
    .filter((f) => /^coredns-v[\d.]+$/.test(f))
    .sort();
  return found.length ? join(dir, found[found.length - 1]!) : undefined;
}

interface Ask {
  name: string;
  type: string;
  class?: string;
  nsid?: boolean;
  bufsize?: number;
  /** Ask over TCP (zone transfers). */
  tcp?: boolean;
}

/** plugin/file's zone for the file/transfer cases (`DIR` in a Corefile is the temporary directory). */
const EXAMPLE_DB = `$ORIGIN example.org.
$TTL 3600
@       IN SOA  ns.example.org. admin.example.org. ( 2024010101 7200 3600 1209600 300 )
        IN NS   ns
        IN NS   ns.other.test.
ns      IN A    192.0.2.53
www     IN A    192.0.2.80
        IN AAAA 2001:db8::80
mail    IN A    192.0.2.25
@       IN MX   10 mail
alias   IN CNAME www
outside IN CNAME www.other.test.
loop1   IN CNAME loop2
loop2   IN CNAME loop1
*.wild  IN TXT  "wildcard" "two strings"
*.wild  IN MX   5 mail
sub     IN NS   ns.sub
ns.sub  IN A    192.0.2.54
a.b.ent IN A    192.0.2.99
legacy  IN DNAME example.org.
_http._tcp IN SRV 0 5 80 www
txt     IN TXT  "v=spf1 a mx ~all"
`;

/** One Corefile (`PORT` stands for the port) and the questions both servers get. */
const CASES: { title: string; corefile: string; asks: Ask[]; files?: Record<string, string> }[] = [
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

/** A free UDP port on loopback (bound once, released; both servers take their own). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    s.bind(0, "127.0.0.1", () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
}

function ask(port: number, a: Ask, id: number): Promise<DnsMessage | undefined> {
  const q = makeQuery({ name: a.name, type: a.type, id, ...(a.class ? { class: a.class } : {}) });
  if (a.bufsize || a.nsid) q.edns = { udpSize: a.bufsize ?? 1232, do: false, options: [] };
  if (a.nsid) q.edns!.options.push({ code: 3, data: new Uint8Array() });
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    const t = setTimeout(() => (s.close(), resolve(undefined)), 1500);
    s.on("message", (b) => {
      clearTimeout(t);
      s.close();
      resolve(decodeMessage(b));
    });
    s.send(encodeMessage(q), port, "127.0.0.1");
  });
}

/** One query over TCP (RFC 1035 §4.2.2 framing); the first reply message. */
function askTcp(port: number, a: Ask, id: number): Promise<DnsMessage | undefined> {
  const q = makeQuery({ name: a.name, type: a.type, id, ...(a.class ? { class: a.class } : {}) });
  const wire = encodeMessage(q);
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    let buf = Buffer.alloc(0);
    const t = setTimeout(() => (sock.destroy(), resolve(undefined)), 3000);
    const done = (m: DnsMessage | undefined) => (clearTimeout(t), sock.destroy(), resolve(m));
    sock.on("connect", () => {
      const frame = Buffer.alloc(2 + wire.length);
      frame.writeUInt16BE(wire.length, 0);
      frame.set(wire, 2);
      sock.write(frame);
    });
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0))
        done(decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0))));
    });
    sock.on("error", () => done(undefined));
    sock.on("close", () => done(undefined));
  });
}

/** digReply with each section sorted (CoreDNS's test.SortAndCheck) and SOA serials dropped. */
function view(m: DnsMessage | undefined): string {
  const lines = digReply(m).split("\n");
  const out: string[] = [];
  let section: string[] = [];
  const flush = () => (out.push(...section.sort()), (section = []));
  for (const l of lines) {
    if (l.startsWith(";;")) {
      flush();
      out.push(l);
    } else {
      // whoami's SRV port is the client's source port: each server sees its own socket's.
      const line = l
        .replace(/( SOA \S+ \S+) \d+ /, "$1 <serial> ")
        .replace(/^(_(?:udp|tcp)\.\S+ 0 IN SRV 0 0) \d+ /, "$1 <port> ");
      section.push(line);
    }
  }
  flush();
  return out.join("\n");
}

async function until(port: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await ask(port, { name: "probe.invalid", type: "A" }, 1)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answers on 127.0.0.1:${port}`);
}

const binary = corednsBinary();

describe.skipIf(!binary)(
  `plugins: real CoreDNS (${binary ?? "binary not built: netspec local build"}) vs netspec serve`,
  () => {
    for (const c of CASES) {
      describe(c.title, () => {
        const procs: ChildProcess[] = [];
        const ports = { real: 0, model: 0 };
        const dir = mkdtempSync(join(tmpdir(), "netspec-parity-"));
        beforeAll(async () => {
          ports.real = await freePort();
          ports.model = await freePort();
          for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), text);
          const corefile = c.corefile.replaceAll("DIR", dir);
          writeFileSync(join(dir, "real.Corefile"), corefile.replaceAll("PORT", String(ports.real)));
          writeFileSync(join(dir, "model.Corefile"), corefile.replaceAll("PORT", "53"));
          writeFileSync(join(dir, "empty.yaml"), "");
          procs.push(spawn(binary!, ["-conf", join(dir, "real.Corefile")], { stdio: "ignore" }));
          procs.push(
            spawn(
              process.execPath,
              [
                join(root, "bin", "netspec.js"),
                "serve",
                "--bare",
                "--manifests",
                join(dir, "empty.yaml"),
                "--corefile",
                join(dir, "model.Corefile"),
                "--listen",
                `127.0.0.1:${ports.model}`,
              ],
              { stdio: "ignore" },
            ),
          );
          await Promise.all([until(ports.real), until(ports.model)]);
        }, 60_000);
        afterAll(() => {
          for (const p of procs) p.kill("SIGTERM");
          rmSync(dir, { recursive: true, force: true });
        });
        for (const [i, a] of c.asks.entries()) {
          const label = `${a.name} ${a.class ?? "IN"} ${a.type}${a.nsid ? " +nsid" : ""}${a.bufsize ? ` +bufsize=${a.bufsize}` : ""}${a.tcp ? " +tcp" : ""}`;
          it(label, async () => {
            const send = a.tcp ? askTcp : ask;
            const [real, model] = await Promise.all([
              send(ports.real, a, 100 + i),
              send(ports.model, a, 100 + i),
            ]);
            expect(view(model)).toBe(view(real));
          });
        }
      });
    }
  },
);
