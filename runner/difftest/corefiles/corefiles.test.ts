import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDir, packetsObservation, queryPacket, referenceCorefileServer } from "../../targets/index.js";
import { generateCorefileCase } from "./generate.js";
import { reproduction } from "./reproduction.js";
import { runCorefileDiff } from "./run.js";

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
      const ref = referenceCorefileServer(c.corefile.replaceAll("DIR", "/z").replaceAll("PORT", "53"), files);
      expect(ref.refused).toBeUndefined();
      return c.queries.map((q, i) => {
        const meta = {
          transport: q.transport,
          clientIp: q.from,
          clientPort: 40000,
          serverIp: "127.0.0.1",
          serverPort: 53,
        };
        return packetsObservation(ref.answer(queryPacket({ ...q, id: i }), meta), q.transport, "reference");
      });
    };
    const first = answers();
    expect(answers()).toEqual(first);
    // Every generated Corefile runs in the reference, and its questions get replies.
    expect(first.some((o) => !o.timeout)).toBe(true);
  });

  it("over many seeds every generated Corefile is one the reference runs", () => {
    for (let i = 0; i < 60; i++) {
      const c = generateCorefileCase(2, i);
      const ref = referenceCorefileServer(c.corefile.replaceAll("DIR", "/z").replaceAll("PORT", "53"), {
        "/z/example.db": c.files["example.db"] ?? "",
      });
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
