/**
 * `netspec apply --dry-run` against the real thing: the varied manifests under
 * suites/k8s-api/fixtures/dry-run through the engine and through kube-apiserver 1.31.4
 * (`kubectl apply --dry-run=server -o json`, the control plane `netspec local build` makes), and the
 * printed objects compared field by field. Skipped, saying why, when the binaries are not built.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheDir, KNOWN_ADMISSION_DIVERGENCES, RealServer } from "../../runner/index.js";
import { main } from "../main.js";

const root = join(import.meta.dirname, "../../suites/k8s-api/fixtures/dry-run");
const files = readdirSync(root)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => join(root, f));
const bin = join(cacheDir(process.env), "bin");
const missing = [
  "kube-apiserver-v1.31.4",
  "kubectl-v1.31.4",
  "etcd-v3.5.17",
  "kube-controller-manager-v1.31.4",
].filter((b) => !existsSync(join(bin, b)));
const why = missing.length
  ? `local binaries missing (${missing.join(", ")}): run \`netspec local build\``
  : "";

type Raw = Record<string, unknown>;

/** What differs run to run on either side: identity, timestamps, what only storage sets. */
function normal(o: Raw): Raw {
  const c = JSON.parse(JSON.stringify(o)) as Raw;
  const m = c.metadata as Raw;
  const uid = m.uid as string;
  for (const k of ["uid", "creationTimestamp", "resourceVersion", "managedFields"]) delete m[k];
  return JSON.parse(JSON.stringify(c).replaceAll(uid, "<uid>")) as Raw;
}

async function engine(file: string): Promise<{ code: number; items: Raw[] }> {
  let out = "";
  const code = await main(["apply", "--dry-run", "-f", file], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    cwd: root,
    env: {},
    isTTY: false,
  });
  const v = code === 0 ? (JSON.parse(out) as Raw) : {};
  return { code, items: v.kind === "List" ? (v.items as Raw[]) : [v] };
}

describe.skipIf(missing.length > 0)(`netspec apply --dry-run equals kube-apiserver 1.31.4 ${why}`, () => {
  let server: RealServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "netspec-apply-"));
    server = await RealServer.start({ dir, env: process.env });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const file of files)
    it(`prints what the server prints for ${file.slice(root.length + 1)}`, async () => {
      const r = await server.kubectl(["apply", "--dry-run=server", "-o", "json", "-f", file]);
      expect(r.stderr).toBe("");
      const real = JSON.parse(r.stdout) as Raw;
      const theirs = (real.kind === "List" ? (real.items as Raw[]) : [real]).map(normal);
      const ours = await engine(file);
      expect(ours.code).toBe(0);
      expect(ours.items.map(normal)).toEqual(theirs);
      void KNOWN_ADMISSION_DIVERGENCES;
    }, 60_000);
});
