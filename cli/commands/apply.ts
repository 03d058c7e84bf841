/**
 * `netspec apply --dry-run -f FILE... [-o json|yaml] [cluster flags]`: the engine's admission,
 * offline — what `kubectl apply --dry-run=server -o json` against a real cluster of that profile and
 * Kubernetes version would print: the admitted, defaulted objects (one object alone, several as a
 * kubectl List, keys sorted as kubectl prints them), or every refusal at its file, line and column,
 * with exit status 2. Objects are admitted in order, each seeing the ones before it, so files that
 * create a namespace and fill it work; a server-side dry run of the same files on a real cluster
 * would refuse what goes into a namespace that does not exist there yet.
 */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { stringify } from "yaml";
import type { Diagnostic } from "../../dsl/index.js";
import { admitManifests, type ManifestDiagnostic } from "../../engine/index.js";
import { addClusterFlags, clusterFromFlags, manifestFiles, type ClusterFlags } from "../cluster-options.js";
import { printDiagnostics, plural } from "../diagnostics-output.js";
import { UsageError } from "../usage-error.js";
import type { CliIo } from "../cli-io.js";

interface ApplyFlags extends ClusterFlags {
  dryRun?: boolean;
  filename?: string[];
  output: string;
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** kubectl's printing: one object as itself, several as `kind: List`. */
export function asPrinted(objects: Record<string, unknown>[]): unknown {
  if (objects.length === 1) return sorted(objects[0]);
  return sorted({ apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } });
}

function toDiagnostic(d: ManifestDiagnostic): Diagnostic {
  const span = {
    file: d.file,
    line: d.line,
    column: d.column,
    offset: 0,
    endLine: d.line,
    endColumn: d.column + 1,
    endOffset: 0,
  };
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    span,
    notes: d.fieldPath ? [{ message: `field ${d.fieldPath}` }] : [],
    help: d.help,
  };
}

export function register(program: Command, io: CliIo): void {
  addClusterFlags(
    program
      .command("apply")
      .description(
        "admit manifests offline as a kube-apiserver would (--dry-run): print the defaulted objects or every error",
      )
      .option("--dry-run", "required: nothing is applied anywhere, the engine admits the manifests")
      .option("-f, --filename <paths...>", "manifest files or directories (YAML or JSON, multi-document)")
      .option("-o, --output <format>", "json or yaml", "json"),
    { manifests: false },
  ).action(async (flags: ApplyFlags) => {
    if (!flags.dryRun) throw new UsageError("netspec apply only admits offline: pass --dry-run");
    if (!flags.filename?.length) throw new UsageError("netspec apply --dry-run needs -f FILE...");
    if (flags.output !== "json" && flags.output !== "yaml")
      throw new UsageError(`-o must be json or yaml, got "${flags.output}"`);
    const { seed, spec } = clusterFromFlags({ ...flags, manifests: [] }, io.cwd);
    const files = manifestFiles(flags.filename, io.cwd);
    const texts = new Map<string, string>();
    const sources = files.map((path) => {
      // kubectl names files as given; relative to the working directory when inside it.
      const rel = relative(io.cwd, path);
      const display = rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
      const text = readFileSync(path, "utf8");
      texts.set(display, text);
      return { path: display, text, line: 1, column: 0, dryRun: true };
    });
    const report = admitManifests(sources, { cluster: spec, seed });
    const errors = report.diagnostics.filter((d) => d.severity === "error");
    await printDiagnostics(report.diagnostics.map(toDiagnostic), texts, io.stderr, false);
    if (errors.length) {
      const refused = report.documents.filter((d) => !d.accepted).length;
      io.stderr.write(`${plural(refused, "object")} of ${report.documents.length} refused\n`);
      io.setExitCode(2);
      return;
    }
    const printed = asPrinted(report.documents.map((d) => d.object!));
    io.stdout.write(
      flags.output === "json"
        ? `${JSON.stringify(printed, null, 4)}\n`
        : stringify(printed, { lineWidth: 0, indentSeq: false }),
    );
  });
}
