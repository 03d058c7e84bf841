/**
 * Adding a probe kind must be a compile error in every target that neither handles nor declines it:
 * the Observers table (runner/targets/target.ts) is a mapped type over every probe kind. This checks
 * that with the TypeScript compiler on a fixture target that forgets one kind, and on the same table
 * made complete.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./fixtures/forgetful-target.ts", import.meta.url));

function diagnosticsOf(source: string): string[] {
  const config = ts.readConfigFile(
    fileURLToPath(new URL("../../tsconfig.json", import.meta.url)),
    ts.sys.readFile,
  );
  const { options } = ts.parseJsonConfigFileContent(
    config.config,
    ts.sys,
    fileURLToPath(new URL("../..", import.meta.url)),
  );
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === fixture ? source : read(f));
  const program = ts.createProgram([fixture], { ...options, noEmit: true }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === fixture)
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("observer tables", () => {
  it("a target that forgets a probe kind does not compile, naming the kind", () => {
    const errors = diagnosticsOf(readFileSync(fixture, "utf8"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^TS2741: Property 'coredns' is missing/);
  }, 180_000);

  it("the same table handling or declining every kind compiles", () => {
    const complete = readFileSync(fixture, "utf8").replace("apply: why,", "apply: why,\n  coredns: why,");
    expect(diagnosticsOf(complete)).toEqual([]);
  }, 180_000);
});
