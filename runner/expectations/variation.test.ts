import { describe, expect, it } from "vitest";
import type { Matcher } from "../../dsl/index.js";
import type { DnsObs } from "../observation.js";
import { evaluateMatcher } from "./evaluate.js";

const span = { line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0, file: "s.netspec" };
const reply = (...ips: string[]): DnsObs => ({
  kind: "dns",
  server: "10.96.0.10",
  transport: "udp",
  timeout: false,
  rcode: "NOERROR",
  flags: ["qr", "aa", "rd"],
  question: [{ name: "many.example.com.", type: "A", class: "IN" }],
  answer: ips.map((data) => ({ name: "many.example.com.", ttl: 30, class: "IN", type: "A", data })),
  authority: [],
  additional: [],
  elapsedMs: 1,
  reasons: [],
});
const repeated = (...rs: DnsObs[]): DnsObs => ({ ...rs[rs.length - 1]!, replies: rs });
const m = (x: Omit<Matcher, "span" | "subject">): Matcher => ({ span, subject: "answer", ...x });
const run = (x: Matcher, o: DnsObs) => evaluateMatcher(x, o, async () => []);

describe("a repeated query's replies", () => {
  const rotating = repeated(reply("10.9.0.1", "10.9.0.2"), reply("10.9.0.2", "10.9.0.1"));
  const fixed = repeated(reply("10.9.0.1", "10.9.0.2"), reply("10.9.0.1", "10.9.0.2"));

  it("`order varies` holds when two replies differ and fails when all are alike", async () => {
    expect((await run(m({ field: "order", op: "varies" }), rotating)).ok).toBe(true);
    const no = await run(m({ field: "order", op: "varies" }), fixed);
    expect(no).toMatchObject({
      ok: false,
      actual: expect.stringContaining("the same order in all 2 replies"),
    });
    expect((await run(m({ field: "first", op: "steady" }), fixed)).ok).toBe(true);
    expect((await run(m({ field: "first", op: "steady" }), rotating)).ok).toBe(false);
  });

  it("a single reply cannot vary", async () => {
    expect((await run(m({ field: "order", op: "varies" }), reply("10.9.0.1", "10.9.0.2"))).ok).toBe(false);
  });

  it("every other matcher must hold for every reply: the failing one is named", async () => {
    const first = m({ first: true, op: "==", value: { kind: "string", value: "10.9.0.1", span } });
    const v = await run(first, rotating);
    expect(v).toMatchObject({ ok: false, actual: expect.stringMatching(/^reply 2 of 2: /) });
    expect((await run(first, fixed)).ok).toBe(true);
  });
});
