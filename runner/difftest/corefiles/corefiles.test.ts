import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDir, packetsObservation, queryPacket, referenceCorefileServer } from "../../targets/index.js";
import { generateCorefileCase } from "./generate.js";
import { reproduction } from "./reproduction.js";
import { runCorefileDiff } from "./run.js";

/** A case's Corefile with its zone files under /z, port 53 and the upstream world on 127.0.0.1:5300. */
const local = (corefile: string) =>
  corefile.replaceAll("DIR", "/z").replaceAll("PORT", "53").replaceAll("WORLD", "127.0.0.1:5300");

type Question = Omit<Parameters<typeof queryPacket>[0], "id"> & { transport: "udp" | "tcp"; from: string };

/** The reference's reply to one question, from the client and server addresses the binary sees. */
function referenceAnswer(ref: ReturnType<typeof referenceCorefileServer>, q: Question, id: number) {
  const meta = {
    transport: q.transport,
    clientIp: q.from,
    clientPort: 40000,
    serverIp: "127.0.0.1",
    serverPort: 53,
  };
  return packetsObservation(ref.answer(queryPacket({ ...q, id }), meta), q.transport, "reference");
}

describe("difftest --corefiles: generated cases", () => {
  it("a case is a pure function of (seed, index): replaying it from the seed gives the same case", () => {
    expect(generateCorefileCase(7, 3)).toEqual(generateCorefileCase(7, 3));
    expect(generateCorefileCase(7, 3)).not.toEqual(generateCorefileCase(7, 4));
    expect(generateCorefileCase(8, 3)).not.toEqual(generateCorefileCase(7, 3));
    expect(reproduction(generateCorefileCase(7, 3))).toContain(
      "netspec difftest --corefiles --seed 7 --from 3 --cases 1",
    );
  });

  it("the reference answers a replayed case with the same bytes", () => {
    const c = generateCorefileCase(1, 5);
    const answers = () => {
      const files = Object.fromEntries(Object.entries(c.files).map(([n, t]) => [`/z/${n}`, t]));
      const ref = referenceCorefileServer(local(c.corefile), files, 1, c.upstream);
      expect(ref.refused).toBeUndefined();
      return c.queries.map((q, i) => referenceAnswer(ref, q, i));
    };
    const first = answers();
    expect(answers()).toEqual(first);
    // Every generated Corefile runs in the reference, and its questions get replies.
    expect(first.some((o) => !o.timeout)).toBe(true);
  });

  it("some cases forward upstream.test to an upstream world with answers too big for UDP", () => {
    const cases = Array.from({ length: 40 }, (_, i) => generateCorefileCase(1, i));
    const forwarding = cases.filter((c) => c.upstream);
    expect(forwarding.length).toBeGreaterThan(5);
    const c = forwarding[0]!;
    expect(c.corefile).toMatch(/upstream\.test:PORT \{[^}]*forward \. WORLD/s);
    expect(c.queries.some((q) => q.name.endsWith(".upstream.test"))).toBe(true);
    // The reproduction serves the same world to the binary and gives it to `netspec serve`.
    const script = reproduction(c);
    expect(script).toContain("netspec local upstream-world upstream.json 127.0.0.1:5303 & WORLD=$!");
    expect(script).toContain("--upstream upstream.json");
    // A case without one is as it was before forwarding cases existed: no WORLD in it.
    expect(cases.find((x) => !x.upstream)?.corefile).not.toContain("WORLD");
  });

  it("the reference cuts the world's UDP reply at the forwarded query's size (four of six TXT fit 512)", () => {
    const c = generateCorefileCase(1, 0);
    const ref = referenceCorefileServer(
      local(c.corefile),
      { "/z/example.db": c.files["example.db"]! },
      1,
      c.upstream,
    );
    const q = {
      name: "big.upstream.test",
      type: "TXT",
      transport: "udp" as const,
      from: "127.0.0.1" as const,
    };
    const o = referenceAnswer(ref, q, 1);
    expect(o.flags).toContain("tc");
    expect(o.answer).toHaveLength(4);
  });

  it("over many seeds every generated Corefile is one the reference runs", () => {
    for (let i = 0; i < 60; i++) {
      const c = generateCorefileCase(2, i);
      const ref = referenceCorefileServer(
        local(c.corefile),
        { "/z/example.db": c.files["example.db"] ?? "" },
        1,
        c.upstream,
      );
      expect(ref.refused, `${c.id}\n${c.corefile}`).toBeUndefined();
    }
  });
});

const binary = process.env.NETSPEC_COREDNS ?? join(cacheDir(process.env), "bin", "coredns-v1.14.7");
const dir = mkdtempSync(join(tmpdir(), "netspec-corefiles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!existsSync(binary))(
  `difftest --corefiles against real CoreDNS (${existsSync(binary) ? binary : "binary not built: netspec local build"})`,
  () => {
    it("a small run: every case runs, and the reference agrees with CoreDNS on every question", async () => {
      const r = await runCorefileDiff({ cases: 4, seed: 1, from: 0, binary, workDir: dir });
      expect(r.errors).toEqual([]);
      expect(r.cases).toBe(4);
      expect(r.queries).toBeGreaterThan(10);
      expect(r.disagreements.map((d) => `${d.case.id} ${d.kind}: ${d.differences.join("; ")}`)).toEqual([]);
    }, 120_000);
  },
);
