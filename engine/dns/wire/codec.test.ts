import { describe, it, expect } from "vitest";
import fc from "fast-check";
import type { DnsMessage, RData, ResourceRecord } from "../message.js";
import { decodeMessage, encodeMessage, encodeUncompressed, messageSize, WireError } from "./index.js";

const label = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const fqdn = fc
  .array(label, { minLength: 0, maxLength: 4 })
  .map((ls) => (ls.length ? `${ls.join(".")}.` : "."));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
const u16 = fc.nat(65535);
const u32 = fc.nat(0xffffffff);
const rdata: fc.Arbitrary<RData> = fc.oneof(
  ipv4.map((address) => ({ type: "A" as const, address })),
  fc.ipV6().map((address) => ({ type: "AAAA" as const, address })),
  fqdn.map((target) => ({ type: "CNAME" as const, target })),
  fqdn.map((target) => ({ type: "PTR" as const, target })),
  fc
    .record({ priority: u16, weight: u16, port: u16, target: fqdn })
    .map((srv) => ({ type: "SRV" as const, srv })),
  fc
    .record({ mname: fqdn, rname: fqdn, serial: u32, refresh: u32, retry: u32, expire: u32, minimum: u32 })
    .map((soa) => ({ type: "SOA" as const, soa })),
  fc
    .array(fc.stringMatching(/^[ -~]{0,40}$/), { minLength: 1, maxLength: 3 })
    .map((strings) => ({ type: "TXT" as const, strings })),
  fc.record({ preference: u16, exchange: fqdn }).map((m) => ({ type: "MX" as const, ...m })),
  fc.uint8Array({ maxLength: 20 }).map((b) => ({
    type: "RAW" as const,
    rrtype: "TYPE65280",
    text: b.length ? `\\# ${b.length} ${Buffer.from(b).toString("hex")}` : "\\# 0",
  })),
);
const rr: fc.Arbitrary<ResourceRecord> = fc
  .record({ name: fqdn, ttl: u32, data: rdata })
  .map(({ name, ttl, data }) => ({
    name,
    type: data.type === "RAW" ? data.rrtype : data.type,
    class: "IN",
    ttl,
    data,
  }));
const message: fc.Arbitrary<DnsMessage> = fc
  .record({
    id: u16,
    opcode: fc.constantFrom("QUERY", "NOTIFY", "UPDATE"),
    rcode: fc.constantFrom("NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"),
    flags: fc.record({
      qr: fc.boolean(),
      aa: fc.boolean(),
      tc: fc.boolean(),
      rd: fc.boolean(),
      ra: fc.boolean(),
      ad: fc.boolean(),
      cd: fc.boolean(),
    }),
    question: fc.array(
      fc.record({
        name: fqdn,
        type: fc.constantFrom("A", "AAAA", "SRV", "TXT", "ANY", "TYPE65280"),
        class: fc.constantFrom("IN", "CH"),
      }),
      { maxLength: 2 },
    ),
    answer: fc.array(rr, { maxLength: 4 }),
    authority: fc.array(rr, { maxLength: 2 }),
    additional: fc.array(rr, { maxLength: 2 }),
    edns: fc.option(
      fc.record({
        udpSize: fc.integer({ min: 512, max: 65535 }),
        do: fc.boolean(),
        options: fc.array(
          fc.record({
            code: fc.integer({ min: 1, max: 65000 }).filter((c) => c !== 8 && c !== 11 && c !== 14),
            data: fc.uint8Array({ maxLength: 8 }),
          }),
          { maxLength: 2 },
        ),
      }),
      { nil: undefined },
    ),
  })
  .map((m) => {
    if (m.edns === undefined) delete (m as Partial<DnsMessage>).edns;
    return m;
  });

describe("wire codec", () => {
  it("round-trips random valid messages; encoded lengths = messageSize with and without compression", () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(encodeMessage(m).length).toBe(messageSize(m));
        const bytes = encodeMessage(m, { compress: true });
        expect(bytes.length).toBe(messageSize(m, { compress: true }));
        const back = decodeMessage(bytes);
        // AAAA addresses come back in dns-packet's canonical spelling; compare via a second trip.
        expect(encodeMessage(back, { compress: true })).toEqual(bytes);
        expect(back.id).toBe(m.id);
        expect(back.flags).toEqual(m.flags);
        expect(back.rcode).toBe(m.rcode);
        expect(back.question).toEqual(m.question);
        expect(back.answer.map((r) => r.name)).toEqual(m.answer.map((r) => r.name));
        expect(back.edns?.udpSize).toBe(m.edns?.udpSize);
      }),
      { numRuns: 300 },
    );
  });

  // Options 8 (ECS), 11 (keep-alive) and 14 (key-tag) have inner structure; malformed ones fail to
  // decode (WireError → FORMERR), as miekg/dns fails to unpack them.
  it("the uncompressed dns-packet encoding decodes to the same message (cross-check)", () => {
    const plainV6 = message.filter((m) =>
      [...m.answer, ...m.authority, ...m.additional].every((r) => r.data.type !== "AAAA"),
    );
    fc.assert(
      fc.property(plainV6, (m) => {
        const plain = encodeUncompressed(m);
        expect(plain.length).toBe(messageSize(m));
        expect(plain).toEqual(encodeMessage(m));
        expect(encodeMessage(decodeMessage(plain))).toEqual(encodeMessage(m));
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the case of names and adds the trailing dot", () => {
    const q: DnsMessage = {
      id: 1234,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false },
      question: [{ name: "KuBeRnEtEs.default.svc.Cluster.Local.", type: "A", class: "IN" }],
      answer: [],
      authority: [],
      additional: [],
      edns: { udpSize: 1232, do: false, options: [] },
    };
    const back = decodeMessage(encodeMessage(q));
    expect(back.question[0]).toEqual({
      name: "KuBeRnEtEs.default.svc.Cluster.Local.",
      type: "A",
      class: "IN",
    });
    expect(back.edns).toEqual({ udpSize: 1232, do: false, options: [] });
  });

  it("garbage bytes only ever throw WireError, with headerReadable and the id when >= 12 bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        try {
          decodeMessage(b);
        } catch (e) {
          expect(e).toBeInstanceOf(WireError);
          const w = e as WireError;
          expect(w.headerReadable).toBe(b.length >= 12);
          if (b.length >= 12) expect(w.id).toBe((b[0]! << 8) | b[1]!);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("types dns-packet knows structurally travel as RFC 3597 RAW both ways (CAA)", () => {
    const caa = "\\# 22 000569737375656c657473656e63727970742e6f7267";
    const m: DnsMessage = {
      id: 5,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: true, aa: false, tc: false, rd: true, ra: true, ad: false, cd: false },
      question: [{ name: "example.org.", type: "CAA", class: "IN" }],
      answer: [
        {
          name: "example.org.",
          type: "CAA",
          class: "IN",
          ttl: 60,
          data: { type: "RAW", rrtype: "CAA", text: caa },
        },
      ],
      authority: [],
      additional: [],
    };
    const back = decodeMessage(encodeMessage(m));
    expect(back.answer[0]?.data).toEqual({ type: "RAW", rrtype: "CAA", text: caa });
  });

  it("DNAME travels structurally, its target written uncompressed (RFC 6672 §2.5, miekg)", () => {
    const m: DnsMessage = {
      id: 6,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: true, aa: true, tc: false, rd: false, ra: false, ad: false, cd: false },
      question: [{ name: "foo.dname.miek.nl.", type: "A", class: "IN" }],
      answer: [
        {
          name: "dname.miek.nl.",
          type: "DNAME",
          class: "IN",
          ttl: 1800,
          data: { type: "DNAME", target: "x.miek.nl." },
        },
      ],
      authority: [],
      additional: [],
    };
    const wire = encodeMessage(m);
    // The target's labels appear in full ("\x01x\x04miek\x02nl\x00"), not as a pointer.
    expect(Buffer.from(wire).includes(Buffer.from("\x01x\x04miek\x02nl\x00", "latin1"))).toBe(true);
    expect(decodeMessage(wire).answer[0]?.data).toEqual({ type: "DNAME", target: "x.miek.nl." });
  });

  it("refuses names that cannot be encoded", () => {
    const m = (name: string): DnsMessage => ({
      id: 1,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false },
      question: [{ name, type: "A", class: "IN" }],
      answer: [],
      authority: [],
      additional: [],
    });
    expect(() => encodeMessage(m(`${"a".repeat(64)}.example.`))).toThrow(WireError);
    expect(() => encodeMessage(m(`${"abcdefghi.".repeat(26)}`))).toThrow(WireError);
    expect(() => encodeMessage(m("a..b."))).toThrow(WireError);
  });

  it("a truncated valid message is a WireError with a readable header", () => {
    const bytes = encodeMessage({
      id: 77,
      opcode: "QUERY",
      rcode: "NOERROR",
      flags: { qr: false, aa: false, tc: false, rd: true, ra: false, ad: false, cd: false },
      question: [{ name: "example.com.", type: "A", class: "IN" }],
      answer: [],
      authority: [],
      additional: [],
    });
    expect(() => decodeMessage(bytes.subarray(0, bytes.length - 3))).toThrow(WireError);
    expect(() => decodeMessage(bytes.subarray(0, 5))).toThrow(
      expect.objectContaining({ headerReadable: false }),
    );
  });
});
