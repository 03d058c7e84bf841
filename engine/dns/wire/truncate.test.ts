import { describe, it, expect } from "vitest";
import type { DnsMessage, ResourceRecord } from "../message.js";
import { decodeMessage, encodeMessage, encodeReply, messageSize, truncate } from "./index.js";

// Behaviour from reading miekg/dns msg_truncate.go (code reading), checked on hand-made messages.
const a = (name: string, i: number): ResourceRecord => ({
  name,
  type: "A",
  class: "IN",
  ttl: 30,
  data: { type: "A", address: `10.0.${Math.floor(i / 256)}.${i % 256}` },
});

function reply(n: number, edns?: number): DnsMessage {
  const name = "big.default.svc.cluster.local.";
  const m: DnsMessage = {
    id: 9,
    opcode: "QUERY",
    rcode: "NOERROR",
    flags: { qr: true, aa: true, tc: false, rd: true, ra: true, ad: false, cd: false },
    question: [{ name, type: "A", class: "IN" }],
    answer: Array.from({ length: n }, (_, i) => a(name, i)),
    authority: [],
    additional: [],
  };
  if (edns) m.edns = { udpSize: edns, do: false, options: [] };
  return m;
}

describe("truncate (miekg/dns Msg.Truncate)", () => {
  it("leaves a fitting message alone", () => {
    const m = reply(3);
    expect(truncate(m, 512)).toBe(m);
  });

  it("cuts to whole RRs with compression and sets TC (512 without EDNS)", () => {
    // Compressed: 12 + question 35 = 47; each A RR = 2 (pointer) + 10 + 4 = 16 → floor((512-47)/16) = 29.
    const t = truncate(reply(100), 512);
    expect(t.answer.length).toBe(29);
    expect(t.flags.tc).toBe(true);
    expect(messageSize(t, { compress: true })).toBeLessThanOrEqual(512);
    // The encoder compresses like miekg/dns, so the bytes on the wire fit too.
    expect(encodeMessage(t, { compress: true }).length).toBe(12 + 35 + 29 * 16);
  });

  it("reserves room for the OPT record and keeps it", () => {
    // 1232 - 11 (OPT) = 1221; (1221 - 47) / 16 = 73.4 → 73 records.
    const t = truncate(reply(100, 1232), 1232);
    expect(t.answer.length).toBe(73);
    expect(t.edns?.udpSize).toBe(1232);
    expect(t.flags.tc).toBe(true);
  });

  it("treats sizes under 512 as 512", () => {
    expect(truncate(reply(100), 100).answer.length).toBe(29);
  });

  it("sets TC also when only additional records were dropped", () => {
    const m = reply(20);
    m.additional = Array.from({ length: 40 }, (_, i) => a(`host${i}.example.org.`, i));
    const t = truncate(m, 512);
    expect(t.answer.length).toBe(20);
    expect(t.additional.length).toBeLessThan(40);
    expect(t.flags.tc).toBe(true);
  });

  it("encodeReply: uncompressed when it fits, else truncated + compressed (request.Scrub)", () => {
    const small = reply(3);
    expect(encodeReply(small, 512)).toEqual(encodeMessage(small));
    const big = encodeReply(reply(100), 512);
    expect(big.length).toBe(511);
    expect(decodeMessage(big).flags.tc).toBe(true);
  });

  it("encodeReply: a reply the scrub step cut stays compressed though the cut copy fits uncompressed", () => {
    // Measured on CoreDNS 1.14.7 (cache, a +bufsize=600 hit on six 100-byte TXT records): 496 bytes.
    // Five records + OPT take 684 bytes uncompressed > 600, so Msg.Truncate sets Compress and keeps
    // four (12 + 21 + 4 × 113 + 11 = 496); uncompressed those four would fit (4 × 128: 556).
    const name = "big.example.com.";
    const txt = (i: number): ResourceRecord => ({
      name,
      type: "TXT",
      class: "IN",
      ttl: 300,
      data: { type: "TXT", strings: [`${"a".repeat(99)}${i}`] },
    });
    const m: DnsMessage = {
      ...reply(0, 600),
      question: [{ name, type: "TXT", class: "IN" }],
      answer: [1, 2, 3, 4, 5].map(txt),
    };
    const cut = truncate(m, 600);
    expect(cut.answer.length).toBe(4);
    expect(encodeReply(cut, 600).length).toBe(496);
    // The same four records not cut by truncate (a plugin's own reply) fit uncompressed.
    expect(encodeReply({ ...m, answer: cut.answer }, 600).length).toBe(556);
  });
});
