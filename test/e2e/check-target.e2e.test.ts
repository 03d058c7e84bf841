/**
 * `netspec check --target kind` end to end: a spec pinning a node (in a manifest file) and a cluster IP
 * inside kubeadm's 10.96.0.0/12 but outside kind's 10.96.0.0/16, with a `because`-only expectation and
 * a fault kind does not realise. Output compared with
 * golden/check-target-kind.txt (UPDATE_GOLDEN=1 rewrites it); warnings exit 0, or 1 with --strict.
 */
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.js";

const here = fileURLToPath(new URL(".", import.meta.url));

async function cli(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: here,
    env: {},
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe("netspec check --target kind", () => {
  it("warns about every pin kind cannot honour, at its place, and exits 0", async () => {
    const r = await cli(["check", "portability", "--target", "kind"]);
    const path = join(here, "golden", "check-target-kind.txt");
    if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, r.stdout);
    expect(r.stdout).toBe(readFileSync(path, "utf8"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("--strict makes the warnings fail; without --target the spec is clean", async () => {
    expect((await cli(["check", "portability", "--target", "kind", "--strict"])).code).toBe(1);
    const plain = await cli(["check", "portability", "--strict"]);
    expect(plain.stdout).toBe("checked 1 file: 0 errors, 0 warnings\n");
    expect(plain.code).toBe(0);
  });

  it("an unknown target is a usage error", async () => {
    const r = await cli(["check", "portability", "--target", "reference"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      'check --target takes kind, cluster, local (or cluster:CONTEXT), not "reference"',
    );
  });
});
