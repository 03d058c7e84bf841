/** Whole-suite throughput on the reference target, and the parser's throughput in MB/s. */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSource } from "../dsl/index.js";
import { fmt, throughput } from "./measure.js";

const root = resolve(fileURLToPath(import.meta.url), "../../..");

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...specFiles(path));
    else if (name.endsWith(".netspec")) out.push(path);
  }
  return out;
}

export async function parserThroughput(): Promise<string[]> {
  const files = specFiles(join(root, "suites")).map((path) => ({ path, text: readFileSync(path, "utf8") }));
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const r = throughput(files, (f) => parseSource(f.text, f.path), 3000);
  const perSecondBytes = (r.perSecond / files.length) * bytes;
  return [
    `${files.length} suite files, ${fmt(bytes / 1024)} KiB: parser ${fmt(perSecondBytes / 1e6, 2)} MB/s`,
  ];
}

export async function suiteThroughput(): Promise<string[]> {
  const { execFileSync } = await import("node:child_process");
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const out = join(mkdtempSync(join(tmpdir(), "netspec-bench-")), "results.json");
  const start = performance.now();
  execFileSync(
    process.execPath,
    [join(root, "bin/netspec.js"), "run", "suites", "--reporter", `json:${out}`, "--no-color"],
    {
      cwd: root,
      stdio: "ignore",
    },
  );
  const seconds = (performance.now() - start) / 1000;
  const result = JSON.parse(readFileSync(out, "utf8")) as { cases?: unknown[] };
  const cases = result.cases?.length ?? 0;
  return [
    `\`netspec run suites\` (whole process incl. start-up, reference target): ${cases} tests in ${fmt(seconds, 2)} s = ${fmt(cases / seconds)} tests/s`,
  ];
}
