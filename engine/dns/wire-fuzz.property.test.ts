/**
 * The wire path `netspec serve` uses (decode → server → encode), under random and mutated packets:
 * never a crash, and the answer policy of miekg/dns's server (server.go serveDNS and
 * defaultMsgAcceptFunc, which CoreDNS inherits): fewer than 12 bytes or the QR bit set → no reply;
 * an opcode other than QUERY/NOTIFY → NOTIMP; QDCOUNT ≠ 1, ANCOUNT > 1, NSCOUNT > 1, ARCOUNT > 2 or
 * an unparsable body → FORMERR with the request's id; valid queries keep being answered afterwards.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { createEngine } from "../create-engine.js";
import { decodeMessage, encodeMessage } from "./wire/index.js";
import { makeQuery } from "./present.js";

const engine = createEngine({ profile: "kubeadm", nodes: 2 }, { seed: 5 });
const meta = { transport: "udp" as const, clientIp: "10.244.1.9" };
const valid = encodeMessage(makeQuery({ name: "kubernetes.default.svc.cluster.local", type: "A", id: 4242 }));

function header(p: Uint8Array) {
  const u16 = (o: number) => (p[o]! << 8) | p[o + 1]!;
  return {
    id: u16(0),
    qr: (p[2]! & 0x80) !== 0,
    opcode: (p[2]! >> 3) & 0xf,
    qd: u16(4),
    an: u16(6),
    ns: u16(8),
    ar: u16(10),
  };
}

const mutatedQuery = fc
  .array(fc.tuple(fc.nat(valid.length - 1), fc.nat(255), fc.constantFrom("set", "cut", "dup")), {
    minLength: 1,
    maxLength: 5,
  })
  .map((edits) => {
    let p = Uint8Array.from(valid);
    for (const [at, byte, op] of edits) {
      const i = at % Math.max(1, p.length);
      if (op === "set") p[i] = byte;
      else if (op === "cut") p = p.slice(0, i);
      else p = Uint8Array.from([...p.slice(0, i), ...p.slice(i, i + (byte % 16)), ...p.slice(i)]);
    }
    return p;
  });

describe("handleWire under random and mutated packets", () => {
  it("never throws and follows miekg/dns's accept rules", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 600 }), mutatedQuery), (packet) => {
        const reply = engine.handleWire(packet, meta);
        if (packet.length < 12) {
          expect(reply).toBeUndefined();
          return;
        }
        const h = header(packet);
        if (h.qr) {
          expect(reply).toBeUndefined();
          return;
        }
        if (!reply) return; // dropped by a plugin (never for these inputs) — nothing to check
        const r = decodeMessage(reply);
        expect(r.id).toBe(h.id);
        expect(r.flags.qr).toBe(true);
        if (h.opcode !== 0 && h.opcode !== 4) expect(r.rcode).toBe("NOTIMP");
        else if (h.qd !== 1 || h.an > 1 || h.ns > 1 || h.ar > 2) expect(r.rcode).toBe("FORMERR");
      }),
      { numRuns: 2000, seed: 11 },
    );
    const after = decodeMessage(engine.handleWire(valid, meta)!);
    expect(after.rcode).toBe("NOERROR");
    expect(after.answer).toHaveLength(1);
  });

  it("oversized garbage and empty-question packets are FORMERR, never a crash", () => {
    // miekg/dns ignores trailing bytes after the counted sections, so the garbage must start where the
    // question does to be a FORMERR: 0xff is a compression pointer far outside the message.
    const big = new Uint8Array(65535).fill(0xff);
    big.set(valid.slice(0, 12));
    expect(decodeMessage(engine.handleWire(big, meta)!).rcode).toBe("FORMERR");
    const noQuestion = Uint8Array.from(valid.slice(0, 12));
    noQuestion[5] = 0;
    expect(decodeMessage(engine.handleWire(noQuestion, meta)!).rcode).toBe("FORMERR");
  });

  it("answers rejected and question-less headers byte for byte as CoreDNS 1.14.7 does (found by fuzz/)", () => {
    // Request → reply pairs captured from the real binary (coredns -conf with `whoami`, loopback).
    const cases: [string, string][] = [
      ["abcd01000001000000000000", "abcd81020000000000000000"], // bare header, QDCOUNT 1: SERVFAIL
      ["abcd07f00002000000000000", "abcd83b10000000000000000"], // QDCOUNT 2: FORMERR keeps TC RD RA AD CD
      ["abcd10200001000000000000", "abcd90240000000000000000"], // opcode STATUS: NOTIMP, AD kept
      ["abcd29000001000000000000", "abcda9040000000000000000"], // opcode UPDATE: NOTIMP
      ["abcd18000001000000000000", "abcd98040000000000000000"], // opcode 3 (no name): NOTIMP all the same
    ];
    const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString("hex") : "dropped");
    for (const [query, reply] of cases)
      expect(hex(engine.handleWire(Uint8Array.from(Buffer.from(query, "hex")), meta))).toBe(reply);
  });
});
