/**
 * `netspec resolve --manifests PATH... --from NS/POD NAME [TYPE]`: the stub resolver's whole walk from
 * a pod (or `node/NAME`), printed the way `dig +search` / `nslookup -debug` users read it.
 */
import type { Command } from "commander";
import type { ResolveWalk } from "../../engine/index.js";
import { addClusterFlags, engineFromFlags, parseSourceRef, type ClusterFlags } from "../cluster-options.js";
import { UsageError } from "../usage-error.js";
import type { CommandIo } from "./command-io.js";

export function register(program: Command, io: CommandIo): void {
  addClusterFlags(
    program
      .command("resolve")
      .description("show the stub resolver's query walk for NAME from a pod or node")
      .argument("<name>", "the name the application looks up")
      .argument("[type]", "A, AAAA or ANY (getaddrinfo with AF_UNSPEC)", "A")
      .requiredOption("--from <ns/pod>", "the pod (NS/POD) or node (node/NAME) that resolves")
      .option("--output <format>", "text or json", "text"),
  ).action(async (name: string, type: string, flags: ClusterFlags & { from: string; output: string }) => {
    const qtype = type.toUpperCase();
    if (qtype !== "A" && qtype !== "AAAA" && qtype !== "ANY")
      throw new UsageError(`TYPE must be A, AAAA or ANY, got "${type}"`);
    const engine = engineFromFlags(flags, io.cwd);
    const from = parseSourceRef(flags.from);
    const walk = engine.resolve(from, name, qtype);
    if (flags.output === "json") io.stdout.write(`${JSON.stringify(walk, null, 2)}\n`);
    else io.stdout.write(formatWalk(name, flags.from, walk));
    io.setExitCode(walk.answer.length > 0 ? 0 : 1);
  });
}

/** The walk as numbered tries, then the answer. */
export function formatWalk(name: string, from: string, walk: ResolveWalk): string {
  const lines = [`;; resolving "${name}" from ${from} (${walk.libc})`];
  walk.steps.forEach((s, i) => {
    const answers = s.rcode === "NOERROR" ? `, ${s.answers} answer${s.answers === 1 ? "" : "s"}` : "";
    lines.push(
      `;; ${String(i + 1).padStart(2)}. ${s.type.padEnd(4)} ${s.name}  @${s.server} ${s.transport}  → ${s.rcode}${answers}  (+${s.atMs}ms)`,
    );
  });
  for (const reason of walk.reasons) lines.push(`;;     because ${reason}`);
  lines.push("");
  if (walk.answer.length > 0) {
    lines.push(`Name:    ${walk.canonicalName ?? name}`);
    lines.push(`Source:  ${walk.source}`);
    for (const address of walk.answer) lines.push(`Address: ${address}`);
  } else {
    lines.push(`** resolution failed: ${walk.rcode} (source ${walk.source}, ${walk.elapsedMs}ms)`);
  }
  return `${lines.join("\n")}\n`;
}
