/**
 * `netspec coverage [paths...] [--json]`: each clause of the Kubernetes DNS specification with the
 * tests that cover it (their `spec-<clause>` tags), the clauses no test covers, and the tests that
 * name no clause. Default path: suites/k8s-dns-spec. Exit 1 when a clause is uncovered or a test
 * names no clause, so CI keeps the suite complete.
 */
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { printDiagnostics } from "../diagnostics-output.js";
import { clauseOfTag, DNS_SPEC_CLAUSES } from "../spec-clauses.js";
import { loadSpecs } from "../spec-load.js";
import { resolveSpecFiles, useColor } from "./shared.js";

interface Covered {
  file: string;
  line: number;
  test: string;
}

export function register(program: Command, io: CliIo): void {
  program
    .command("coverage")
    .description("Kubernetes DNS spec clauses and the tests that cover them")
    .argument("[paths...]", "files or directories (default: suites/k8s-dns-spec)")
    .option("--json", "one JSON document instead of text")
    .option("--no-color", "disable colour")
    .action(async (paths: string[], flags: { json?: boolean; color: boolean }) => {
      const { host, files } = resolveSpecFiles(paths.length ? paths : ["suites/k8s-dns-spec"], io);
      const loaded = await loadSpecs(files, host, { engine: false });
      await printDiagnostics(loaded.diagnostics, loaded.sources, io.stderr, useColor(io, flags.color));
      if (loaded.errors > 0) {
        io.setExitCode(2);
        return;
      }
      const byClause = new Map<string, Covered[]>(DNS_SPEC_CLAUSES.map((c) => [c.clause, []]));
      const untagged: Covered[] = [];
      for (const f of loaded.plan.files)
        for (const s of f.suites)
          for (const c of s.cases) {
            const t = { file: f.file, line: c.span.line, test: `${s.name} › ${c.name}` };
            const clauses = [...new Set(c.tags.flatMap((tag) => clauseOfTag(tag) ?? []))];
            if (clauses.length === 0) untagged.push(t);
            for (const k of clauses) byClause.get(k)!.push(t);
          }
      const uncovered = DNS_SPEC_CLAUSES.filter((c) => byClause.get(c.clause)!.length === 0);
      io.setExitCode(uncovered.length || untagged.length ? 1 : 0);
      if (flags.json) {
        const clauses = DNS_SPEC_CLAUSES.map((c) => ({ ...c, tests: byClause.get(c.clause)! }));
        io.stdout.write(`${JSON.stringify({ clauses, untagged }, null, 2)}\n`);
        return;
      }
      const out = ["Kubernetes DNS-Based Service Discovery (kubernetes/dns docs/specification.md)", ""];
      for (const c of DNS_SPEC_CLAUSES) {
        const tests = byClause.get(c.clause)!;
        out.push(
          `${c.clause.padEnd(6)} ${c.title}: ${tests.length ? `${tests.length} test${tests.length === 1 ? "" : "s"}` : "NOT COVERED"}`,
        );
        for (const t of tests) out.push(`         ${t.file}:${t.line}  ${t.test}`);
      }
      if (untagged.length) {
        out.push("", `tests naming no clause (tag them spec-<clause>): ${untagged.length}`);
        for (const t of untagged) out.push(`         ${t.file}:${t.line}  ${t.test}`);
      }
      const tests = new Set([...byClause.values()].flat().map((t) => `${t.file}:${t.line}`)).size;
      out.push(
        "",
        `${DNS_SPEC_CLAUSES.length - uncovered.length} of ${DNS_SPEC_CLAUSES.length} clauses covered by ${tests} tests; ${untagged.length} tests name no clause`,
      );
      io.stdout.write(`${out.join("\n")}\n`);
    });
}
