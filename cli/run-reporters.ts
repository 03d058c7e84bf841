/**
 * The reporters of one `netspec run`: the console style asked for, the report files, and GitHub
 * annotations when running in GitHub Actions; all behind the multiplexer so one failing reporter
 * cannot break the others.
 */
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import pc from "picocolors";
import {
  createConsoleReporter,
  fileReporter,
  githubAnnotations,
  multiplexReporters,
  noPaint,
  renderHtml,
  renderJson,
  renderJunit,
  renderMarkdown,
} from "../reports/index.js";
import type { Reporter } from "../runner/index.js";
import type { CliIo } from "./cli-io.js";
import type { ReporterChoice } from "./run-flags.js";
import { UsageError } from "./usage-error.js";

export interface ReporterSetup {
  color: boolean;
  verbose?: boolean;
  jsonTimings?: boolean;
  sources: ReadonlyMap<string, string>;
  /** When the run started (ISO 8601), for JUnit's `timestamp`. */
  startedAt: string;
}

export function createReporters(io: CliIo, choice: ReporterChoice, setup: ReporterSetup): Reporter {
  const { sources } = setup;
  const listeners: Reporter[] = [];
  if (choice.console)
    listeners.push(
      createConsoleReporter({
        out: io.stdout,
        status: io.stderr,
        live: io.isTTY,
        paint: setup.color ? pc : noPaint,
        verbose: setup.verbose,
        sources,
        timings: true,
        style: choice.console,
      }),
    );
  const toFile = (file: string) => (text: string) => writeReport(io, file, text);
  for (const file of choice.junit)
    listeners.push(
      fileReporter("junit", (r) => renderJunit(r, sources, { timestamp: setup.startedAt }), toFile(file)),
    );
  for (const file of choice.json)
    listeners.push(fileReporter("json", (r) => renderJson(r, { timings: setup.jsonTimings }), toFile(file)));
  for (const file of choice.markdown) listeners.push(fileReporter("markdown", renderMarkdown, toFile(file)));
  for (const file of choice.html)
    listeners.push(fileReporter("html", (r) => renderHtml(r, sources), toFile(file)));
  // In GitHub Actions, failures become annotations on the diff (workflow commands on stdout).
  if (io.env.GITHUB_ACTIONS === "true")
    listeners.push(fileReporter("github", githubAnnotations, (text) => io.stdout.write(text)));
  return multiplexReporters(listeners, (line) => io.stderr.write(`${line}\n`));
}

/** A report path that can never be written is a usage error before anything runs, not after. */
export function checkReportPaths(io: CliIo, choice: ReporterChoice): void {
  for (const file of [...choice.junit, ...choice.json, ...choice.markdown, ...choice.html]) {
    const path = isAbsolute(file) ? file : join(io.cwd, file);
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue; // does not exist yet: written (with its folders) at the end
    }
    if (isDir)
      throw new UsageError(
        `report path ${file} is a directory; give a file name (e.g. ${join(file, "report.xml")})`,
      );
  }
}

function writeReport(io: CliIo, file: string, text: string): void {
  const path = isAbsolute(file) ? file : join(io.cwd, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
