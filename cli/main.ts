/**
 * The composition root: `main(argv, io)` parses the command line and returns the exit code; run as
 * the process entry (dist/cli/main.js via bin/netspec.js) it wires the real process in.
 */
import { interruptHandler } from "./interrupts.js";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { TargetError } from "../runner/index.js";
import type { CliIo, MainIo } from "./cli-io.js";
import { commands } from "./commands/index.js";
import { EngineError } from "../engine/index.js";
import { UsageError } from "./usage-error.js";

export type { MainIo } from "./cli-io.js";

export async function main(argv: string[], io: MainIo): Promise<number> {
  let exitCode = 0;
  const signal = io.signal ?? new AbortController().signal;
  const cli: CliIo = {
    stdout: io.stdout,
    stderr: io.stderr,
    cwd: io.cwd,
    env: io.env,
    isTTY: io.isTTY,
    signal,
    setExitCode: (code) => {
      exitCode = code;
    },
    interrupted: new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    }),
  };
  const program = new Command("netspec")
    .description("Declarative conformance harness for Kubernetes DNS and service networking")
    .version(packageVersion(), "--version", "print the version")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  for (const command of commands) command.register(program, cli);
  for (const sub of program.commands)
    sub
      .exitOverride()
      .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0; every other parse error is usage.
      if (
        error.exitCode === 0 ||
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
      )
        return 0;
      return 3;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`netspec: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof EngineError) {
      // A manifest, Corefile or cluster-setting mistake: its message already names file and line.
      const where =
        error.location && !error.message.startsWith(error.location.path)
          ? `${error.location.path}:${error.location.line}: `
          : "";
      io.stderr.write(
        `netspec: ${where}${error.message}${error.fieldPath && !error.message.includes(error.fieldPath) ? ` (${error.fieldPath})` : ""}\n`,
      );
      return 2;
    }
    if (error instanceof TargetError && error.kind !== "internal") {
      io.stderr.write(`netspec: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(
      `netspec: internal error (this is a bug, please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

/** package.json is one folder up from cli/main.ts and two up from dist/cli/main.js. */
function packageVersion(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    try {
      const json = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (json.name === "netspec" && json.version) return json.version;
    } catch {
      // Try the next candidate.
    }
  }
  return "0.0.0";
}

/** Entry point: when this module is the process's main script (bin/netspec.js imports it). */
async function runAsEntry(): Promise<void> {
  const controller = new AbortController();
  const onSignal = interruptHandler({
    abort: () => controller.abort(),
    quit: () => process.exit(2),
    say: (line) => process.stderr.write(line),
  });
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  });
  process.exit(code);
}

const invokedAs = process.argv[1] ?? "";
const self = fileURLToPath(import.meta.url);
if (invokedAs === self || /bin\/netspec(\.js)?$/.test(invokedAs)) void runAsEntry();
