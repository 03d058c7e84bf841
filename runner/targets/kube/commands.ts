/**
 * The command seam of the real targets: every `kind` and `kubectl` invocation goes through a
 * CommandRunner, so tests substitute recorded outputs and `--dry-run` prints a pasteable plan
 * instead of running anything.
 */
import { execa } from "execa";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandRunner {
  run(argv: string[], options?: { input?: string; signal?: AbortSignal }): Promise<CommandResult>;
}

/** Real processes through execa; a missing binary says what to install. */
export function execaRunner(): CommandRunner {
  return {
    async run(argv, options = {}) {
      try {
        const r = await execa(argv[0]!, argv.slice(1), {
          input: options.input,
          cancelSignal: options.signal,
          reject: false,
        });
        if (
          (r as { code?: string }).code === "ENOENT" ||
          (r.failed && r.exitCode === undefined && /ENOENT/.test(String(r.message)))
        )
          return { code: 127, stdout: "", stderr: missing(argv[0]!) };
        return { code: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
      } catch (e) {
        if (/ENOENT/.test(String(e))) return { code: 127, stdout: "", stderr: missing(argv[0]!) };
        throw e;
      }
    },
  };
}

function missing(tool: string): string {
  const how: Record<string, string> = {
    kind: "install kind (https://kind.sigs.k8s.io/docs/user/quick-start/#installation) and a container runtime",
    kubectl: "install kubectl (https://kubernetes.io/docs/tasks/tools/)",
  };
  return `${tool}: command not found — ${how[tool] ?? `install ${tool}`}`;
}

/** Shell quoting for printing commands a person can paste. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `--dry-run`: print each command (with its stdin as a heredoc) and pretend it succeeded. */
export function printingRunner(write: (line: string) => void): CommandRunner {
  return {
    async run(argv, options = {}) {
      const cmd = argv.map(shellQuote).join(" ");
      if (options.input !== undefined)
        write(`${cmd} <<'NETSPEC_EOF'\n${options.input.replace(/\n$/, "")}\nNETSPEC_EOF`);
      else write(cmd);
      return { code: 0, stdout: "", stderr: "" };
    },
  };
}

/** A runner answering from recorded outputs, recording what was asked (the targets' tests). */
export function scriptedRunner(
  answer: (argv: string[], input?: string) => CommandResult | undefined,
): CommandRunner & { calls: { argv: string[]; input?: string }[] } {
  const calls: { argv: string[]; input?: string }[] = [];
  return {
    calls,
    async run(argv, options = {}) {
      calls.push({ argv, ...(options.input !== undefined ? { input: options.input } : {}) });
      return answer(argv, options.input) ?? { code: 0, stdout: "", stderr: "" };
    },
  };
}
