/**
 * `netspec check --target kind` end to end: a spec pinning a node (in a manifest file) and a cluster IP
 * inside kubeadm's 10.96.0.0/12 but outside kind's 10.96.0.0/16, with a `because`-only expectation and
 * a fault kind does not realise. Output compared with
 * golden/check-target-kind.txt (UPDATE_GOLDEN=1 rewrites it); warnings exit 0, or 1 with --strict.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { expectGolden } from "../helpers/golden.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const cli = (argv: string[]) => runCli(argv, here);

describe("netspec check --target kind", () => {
  it("warns about every pin kind cannot honour, at its place, and exits 0", async () => {
    const r = await cli(["check", "portability", "--target", "kind"]);
    expectGolden(here, "check-target-kind.txt", r.stdout);
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
