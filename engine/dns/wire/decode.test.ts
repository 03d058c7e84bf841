import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, WireError } from "./index.js";
import { labelsOf, wireLabels } from "./names.js";

/** A query: header (id 0x1234, RD, QDCOUNT 1, the given other counts) + raw question bytes + rest. */
function packet(
  question: number[],
  counts: [number, number, number] = [0, 0, 0],
  rest: number[] = [],
): Uint8Array {
  const [an, ns, ar] = counts;
  return Uint8Array.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, an, 0, ns, 0, ar, ...question, ...rest]);
}
const label = (s: string | number[]) => {
  const b = typeof s === "string" ? [...Buffer.from(s, "latin1")] : s;
  return [b.length, ...b];
};
const A_IN = [0, 1, 0, 1];

describe("names keep their bytes (miekg/dns UnpackDomainName presentation)", () => {
  it("escapes a dot byte, specials and non-printable bytes, keeps case, and re-encodes byte-exact", () => {
    const q = packet([
      ...label("a.b"),
      ...label([0xff, 0x41]),
      ...label("x y\"@;()'\\"),
      ...label("Default"),
      0,
      ...A_IN,
    ]);
    const msg = decodeMessage(q);
    expect(msg.question).toEqual([
      { name: "a\\.b.\\255A.x\\ y\\\"\\@\\;\\(\\)\\'\\\\.Default.", type: "A", class: "IN" },
    ]);
    expect(Buffer.from(encodeMessage(msg))).toEqual(Buffer.from(q));
  });

  it("names RFC 9460's types, which dns-packet has no names for, and encodes them back", () => {
    for (const [type, n] of [
      ["SVCB", 64],
      ["HTTPS", 65],
    ] as const) {
      const q = packet([...label("x"), 0, 0, n, 0, 1]);
      expect(decodeMessage(q).question[0]!.type).toBe(type);
      expect(Buffer.from(encodeMessage(decodeMessage(q)))).toEqual(Buffer.from(q));
    }
  });

  it("splits presentation names at unescaped dots only", () => {
    expect(labelsOf("a\\.b.default.svc.")).toEqual(["a\\.b", "default", "svc"]);
    expect(labelsOf("x\\\\.y.")).toEqual(["x\\\\", "y"]);
    expect(wireLabels("a\\.b.\\255.").map((l) => [...l.bytes])).toEqual([[0x61, 0x2e, 0x62], [0xff]]);
    expect(wireLabels("a\\.b.\\255.").map((l) => l.suffix)).toEqual(["a\\.b.\\255.", "\\255."]);
    expect(() => wireLabels("a..b.")).toThrow(WireError);
  });
});

describe("what miekg/dns Msg.Unpack accepts", () => {
  it("a message that ends after its header has no sections, whatever its counts say", () => {
    const msg = decodeMessage(Uint8Array.from([0, 7, 1, 0, 0, 1, 0, 3, 0, 0, 0, 0]));
    expect(msg.question).toEqual([]);
    expect(msg.answer).toEqual([]);
  });

  it("counts that overstate the records are a lie, not an error", () => {
    const msg = decodeMessage(packet([...label("x"), 0, ...A_IN], [5, 2, 1]));
    expect(msg.question.map((q) => q.name)).toEqual(["x."]);
    expect(msg.answer).toEqual([]);
  });

  it("a question cut after its name or its type reads the rest as 0", () => {
    expect(decodeMessage(packet([...label("x"), 0])).question).toEqual([
      { name: "x.", type: "TYPE0", class: "CLASS0" },
    ]);
    expect(decodeMessage(packet([...label("x"), 0, 0, 1])).question[0]).toEqual({
      name: "x.",
      type: "A",
      class: "CLASS0",
    });
    expect(() => decodeMessage(packet([...label("x"), 0, 0]))).toThrow(/overflow unpacking uint16/);
  });

  it("follows pointers forwards as well as backwards, but not in a loop", () => {
    // Question name = pointer to offset 18, where the label "fw" and the root follow the question.
    const q = packet([0xc0, 18, ...A_IN], [0, 0, 0], [...label("fw"), 0]);
    expect(decodeMessage(q).question[0]!.name).toEqual("fw.");
    const loop = packet([0xc0, 12, ...A_IN]);
    expect(() => decodeMessage(loop)).toThrow(/too many compression pointers/);
  });

  it("refuses reserved label types, names over 255 octets and rdata off its RDLENGTH", () => {
    expect(() => decodeMessage(packet([0x40, 0, ...A_IN]))).toThrow(/reserved label type/);
    const long = Array.from({ length: 5 }, () => label("a".repeat(60))).flat();
    expect(() => decodeMessage(packet([...long, 0, ...A_IN]))).toThrow(/255 wire-format octets/);
    const rr = (rdata: number[]) => [...label("x"), 0, 0, 1, 0, 1, 0, 0, 0, 30, 0, rdata.length, ...rdata];
    expect(() => decodeMessage(packet([...label("x"), 0, ...A_IN], [1, 0, 0], rr([1, 2, 3, 4, 5])))).toThrow(
      /bad rdlength for A/,
    );
    const cname = [...label("x"), 0, 0, 5, 0, 1, 0, 0, 0, 30, 0, 4, ...label("y"), 0, 9];
    expect(() => decodeMessage(packet([...label("x"), 0, ...A_IN], [1, 0, 0], cname))).toThrow(
      /bad rdlength/,
    );
  });

  it("an empty RDATA is a record of its type without data", () => {
    const empty = [...label("x"), 0, 0, 1, 0, 1, 0, 0, 0, 30, 0, 0];
    const msg = decodeMessage(packet([...label("x"), 0, ...A_IN], [1, 0, 0], empty));
    expect(msg.answer).toEqual([
      { name: "x.", type: "A", class: "IN", ttl: 30, data: { type: "RAW", rrtype: "A", text: "\\# 0" } },
    ]);
  });

  it("reads EDNS from the OPT record: size, DO bit, options, extended rcode", () => {
    const opt = [0, 0, 41, 0x04, 0xd0, 0x01, 0x00, 0x80, 0x00, 0, 8, 0, 3, 0, 4, 1, 2, 3, 4];
    const msg = decodeMessage(packet([...label("x"), 0, ...A_IN], [0, 0, 1], opt));
    expect(msg.edns).toEqual({
      udpSize: 1232,
      do: true,
      options: [{ code: 3, data: Uint8Array.from([1, 2, 3, 4]) }],
    });
    expect(msg.rcode).toBe("RCODE16"); // BADVERS: extended rcode 1, shifted past the header 4 bits
    expect(() =>
      decodeMessage(packet([...label("x"), 0, ...A_IN], [0, 0, 1], [...opt.slice(0, 9), 0, 3, 0, 3, 0])),
    ).toThrow(/overflow unpacking opt/);
  });
});
