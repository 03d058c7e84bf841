import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { observe } from "../observers.js";
import type { TargetContext } from "../target.js";
import { scriptedRunner } from "./commands.js";
import { parseDig } from "./dig-output.js";
import { parseDigTransfer } from "./dig-transfer.js";
import { KubeTarget } from "./kube-target.js";

// Real CoreDNS 1.14.7 asked by BIND 9.18.49's dig with digArgs' transfer flags: fixtures/record-axfr.sh.
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const rr = (o: { name: string; type: string; data: string }) => `${o.name} ${o.type} ${o.data}`;

describe("dig AXFR transcripts read as one reply", () => {
  it("one message: ;; flags: qr aa, the 11 records between the two SOAs, in order", () => {
    const o = parseDigTransfer(fixture("dig-axfr-coredns.txt"));
    expect(o).toMatchObject({ rcode: "NOERROR", flags: ["qr", "aa"], transport: "tcp", timeout: false });
    expect(o.question).toEqual([{ name: "example.org.", class: "IN", type: "AXFR" }]);
    expect(o.answer.map(rr)).toEqual([
      "example.org. SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 300",
      "example.org. NS ns.example.org.",
      "alias.example.org. CNAME www.example.org.",
      "legacy.example.org. DNAME example.org.",
      "ns.example.org. A 192.0.2.53",
      "sub.example.org. NS ns.sub.example.org.",
      "ns.sub.example.org. A 192.0.2.54",
      '*.wild.example.org. TXT "wildcard"',
      "www.example.org. A 192.0.2.80",
      "www.example.org. AAAA 2001:db8::80",
      "example.org. SOA ns.example.org. admin.example.org. 2024010101 7200 3600 1209600 300",
    ]);
    expect(o.answer.every((r) => r.ttl === 3600 && r.class === "IN")).toBe(true);
    // ;; XFR size: 11 records (messages 1, bytes 537)
    expect(o.size).toBe(537);
    expect(o.reasons).toEqual([]);
    expect(o.server).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("two messages (ANSWER: 1907, then ANSWER: 104): every record once, in order, one header", () => {
    const text = fixture("dig-axfr-two-messages-coredns.txt");
    const o = parseDigTransfer(text);
    expect(text.match(/^;; Got answer:$/gm)).toHaveLength(2);
    expect(o.answer).toHaveLength(1907 + 104);
    expect(o).toMatchObject({ rcode: "NOERROR", flags: ["qr", "aa"], size: 66566 });
    expect(o.question).toHaveLength(1);
    expect(o.answer[0]!.type).toBe("SOA");
    expect(o.answer.at(-1)!.type).toBe("SOA");
    // The first message ends and the second begins inside the h#### run (tree order of plugin/file).
    const hosts = o.answer.filter((r) => r.name.startsWith("h"));
    expect(hosts.map((r) => r.name)).toEqual(
      Array.from({ length: 2000 }, (_, i) => `h${String(i).padStart(4, "0")}.big.example.`),
    );
    expect(o.reasons).toEqual(["the reply is 2 messages (a zone transfer), read as one"]);
    // Read as one plain reply, the second message's question would count as a second question.
    expect(parseDig(text).question).toHaveLength(2);
  });

  it("status: REFUSED then `; Transfer failed.`: REFUSED, flags qr only, no records", () => {
    const o = parseDigTransfer(fixture("dig-axfr-refused-coredns.txt"));
    expect(o).toMatchObject({ rcode: "REFUSED", flags: ["qr"], answer: [], timeout: false });
    expect(o.question).toEqual([{ name: "denied.example.", class: "IN", type: "AXFR" }]);
    expect(o.reasons).toEqual([]);
  });

  it("`;; Connection to 127.0.0.1#1(127.0.0.1) … failed: connection refused.`: CONNREFUSED, not a timeout", () => {
    const o = parseDigTransfer(fixture("dig-axfr-connection-refused.txt"));
    expect(o).toMatchObject({ rcode: "CONNREFUSED", refused: true, timeout: false, server: "127.0.0.1:1" });
    expect(o.transport).toBe("tcp");
  });

  it("`;; communications error to …: timed out` and no server reached: TIMEOUT over TCP", () => {
    const o = parseDigTransfer(fixture("dig-axfr-timeout.txt"));
    expect(o).toMatchObject({ rcode: "TIMEOUT", timeout: true, transport: "tcp", answer: [] });
  });

  it("a stream that broke off (no XFR size line) keeps what came and says so", () => {
    const text = fixture("dig-axfr-two-messages-coredns.txt");
    const cut = text.slice(0, text.lastIndexOf(";; Got answer:"));
    const o = parseDigTransfer(cut);
    expect(o.answer).toHaveLength(1907);
    expect(o.reasons).toEqual(["the transfer did not finish: no closing SOA after 1 message"]);
  });
});

describe("an AXFR probe through the kube target (recorded commands)", () => {
  const scratch = mkdtempSync(join(tmpdir(), "nsx-test-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const ctx = (): TargetContext => ({
    seed: 7,
    workDir: scratch,
    signal: new AbortController().signal,
    log: () => {},
  });

  it("runs dig with the transfer flags in the probe pod and reports the whole zone as one reply", async () => {
    const transcript = fixture("dig-axfr-two-messages-coredns.txt");
    const runner = scriptedRunner((argv) =>
      argv.includes("dig") ? { code: 0, stdout: transcript, stderr: "" } : undefined,
    );
    const t = new KubeTarget({ spec: "cluster:kind-dev", runner });
    const setup = { file: "a.netspec", suite: "S", cluster: { profile: "kind" as const }, upstream: [] };
    await t.prepare(setup, ctx());
    await t.reset(setup, ctx());
    const obs = await observe(
      t,
      { kind: "dns", qtype: "AXFR", qname: "big.example", transport: "tcp" },
      ctx(),
    );
    await t.dispose(ctx());
    expect(obs).toMatchObject({ kind: "dns", rcode: "NOERROR", flags: ["qr", "aa"] });
    expect(obs.kind === "dns" && obs.answer.length).toBe(2011);
    const digs = runner.calls.map((c) => c.argv.join(" ")).filter((c) => c.includes(" dig "));
    expect(digs).toHaveLength(1);
    expect(digs[0]).toMatch(
      / -- dig \+time=2 \+tries=1 \+tcp \+noedns \+comments \+question big\.example AXFR$/,
    );
  });
});
