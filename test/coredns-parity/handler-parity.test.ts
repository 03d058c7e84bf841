/**
 * Black-box parity with CoreDNS's own kubernetes plugin tests: the fake cluster of
 * plugin/kubernetes/handler_test.go written as ordinary manifests (fixtures/handler-cluster.yaml),
 * served by the real `netspec serve --bare` binary over UDP and TCP, and every upstream test case
 * (fixtures/handler-cases.json) compared the way CoreDNS's test.SortAndCheck does: rcode, the AA
 * flag, and the answer/authority/additional sections as sorted record sets (SOA serials are not
 * compared upstream either: plugin/test/helpers.go Section checks the SOA's nameserver only).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, makeQuery, presentLine } from "../../engine/index.js";
import type { DnsMessage } from "../../engine/index.js";

const here = import.meta.dirname;
const root = join(here, "..", "..");
const fixtures = join(here, "fixtures");

interface UpstreamCase {
  qname: string;
  qtype: string;
  rcode: string;
  answer: string[];
  ns: string[];
  extra: string[];
}
const doc = JSON.parse(readFileSync(join(fixtures, "handler-cases.json"), "utf8")) as {
  suites: { name: string; corefile: string; manifests?: string; cases: UpstreamCase[] }[];
};

/** One RR as CoreDNS's test helpers write it: owner with a trailing dot, single spaces, bare TXT. */
function norm(rr: string): string {
  const f = rr.replace(/\s+/g, " ").trim().split(" ");
  if (f[0] && !f[0].endsWith(".")) f[0] += ".";
  // helpers.go Section checks a SOA's owner, TTL, type and nameserver only (the fixtures' serials and
  // minimums are not what CoreDNS sends).
  if (f[3] === "SOA") f.splice(5, f.length - 5, "<rname serial timers>");
  if (f[3] === "TXT") return f.join(" ").replace(/"/g, "");
  return f.join(" ");
}
const section = (rrs: DnsMessage["answer"]) =>
  rrs
    .filter((r) => r.type !== "OPT")
    .map((r) => norm(presentLine(r)))
    .sort();

/** A `netspec serve --bare` process for one Corefile; resolves to its port once it listens. */
function serve(
  corefile: string,
  manifests: string,
  workers = 1,
): { proc: ChildProcess; port: Promise<number> } {
  const proc = spawn(
    process.execPath,
    [
      join(root, "bin", "netspec.js"),
      "serve",
      "--bare",
      "--manifests",
      join(fixtures, manifests),
      "--corefile",
      join(fixtures, corefile),
      "--listen",
      "127.0.0.1:0",
      "--workers",
      String(workers),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const port = new Promise<number>((resolve, reject) => {
    let err = "";
    proc.stderr!.on("data", (b: Buffer) => {
      err += b.toString();
      const m = /serving DNS on [^:]+:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    proc.on("exit", (code) => reject(new Error(`netspec serve exited (${code}): ${err}`)));
  });
  return { proc, port };
}

function udp(port: number, msg: DnsMessage): Promise<DnsMessage> {
  return new Promise((resolve, reject) => {
    const s = createSocket("udp4");
    const t = setTimeout(() => (s.close(), reject(new Error("no UDP reply"))), 3000);
    s.on("message", (b) => {
      clearTimeout(t);
      s.close();
      resolve(decodeMessage(b));
    });
    s.send(encodeMessage(msg), port, "127.0.0.1");
  });
}

function tcp(port: number, msg: DnsMessage): Promise<DnsMessage> {
  return new Promise((resolve, reject) => {
    const wire = encodeMessage(msg);
    const frame = Buffer.alloc(wire.length + 2);
    frame.writeUInt16BE(wire.length, 0);
    Buffer.from(wire).copy(frame, 2);
    const c = connect(port, "127.0.0.1", () => c.write(frame));
    let buf = Buffer.alloc(0);
    c.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        c.end();
        resolve(decodeMessage(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
    c.on("error", reject);
  });
}

// Every suite once, and the first again through two worker processes sharing the sockets.
const runs = [...doc.suites.map((suite) => ({ suite, workers: 1 })), { suite: doc.suites[0]!, workers: 2 }];
for (const { suite, workers } of runs) {
  const how = `netspec serve --bare${workers > 1 ? ` --workers ${workers}` : ""}`;
  describe(`CoreDNS plugin/kubernetes ${suite.name} through \`${how}\` (${suite.corefile})`, () => {
    let server: ReturnType<typeof serve>;
    let port = 0;
    beforeAll(async () => {
      server = serve(suite.corefile, suite.manifests ?? "handler-cluster.yaml", workers);
      port = await server.port;
    }, 30_000);
    afterAll(() => {
      server?.proc.kill("SIGINT");
    });
    for (const [i, tc] of suite.cases.entries()) {
      it(`${tc.qname} ${tc.qtype} → ${tc.rcode}`, async () => {
        // Asked twice: the second answer comes from the reply cache (engine/dns/reply-cache.ts).
        for (const id of [i + 1, i + 10_001]) {
          const query = makeQuery({ name: tc.qname, type: tc.qtype, id });
          const reply = await (i % 2 ? tcp : udp)(port, query);
          expect(reply.id).toBe(id);
          expect({
            rcode: reply.rcode,
            aa: reply.flags.aa,
            answer: section(reply.answer),
            authority: section(reply.authority),
            additional: section(reply.additional),
          }).toEqual({
            rcode: tc.rcode,
            aa: true,
            answer: tc.answer.map(norm).sort(),
            authority: tc.ns.map(norm).sort(),
            additional: tc.extra.map(norm).sort(),
          });
        }
      });
    }
  });
}
