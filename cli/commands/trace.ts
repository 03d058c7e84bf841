/**
 * `netspec trace --manifests PATH... --from NS/POD --to TARGET --port N[/PROTO]`: one connection's
 * verdict, where it landed, every hop and the reasons.
 * TARGET: `pod/NS/NAME`, `service/NS/NAME` (or `svc/...`), `node/NAME`, an IP, or a DNS name.
 */
import type { Command } from "commander";
import type { ConnectResult, ConnectTarget } from "../../engine/index.js";
import { addClusterFlags, engineFromFlags, parseSourceRef, type ClusterFlags } from "../cluster-options.js";
import { UsageError } from "../usage-error.js";
import type { CommandIo } from "./command-io.js";

export function register(program: Command, io: CommandIo): void {
  addClusterFlags(
    program
      .command("trace")
      .description("trace one connection: verdict, backend, hops and reasons")
      .requiredOption("--from <ns/pod>", "source pod (NS/POD) or node (node/NAME)")
      .requiredOption("--to <target>", "pod/NS/NAME, service/NS/NAME, node/NAME, an IP or a DNS name")
      .requiredOption("--port <port[/proto]>", "destination port, e.g. 80/TCP or http")
      .option("--output <format>", "text or json", "text"),
  ).action(async (flags: ClusterFlags & { from: string; to: string; port: string; output: string }) => {
    const [portText, protoText = "TCP"] = flags.port.split("/");
    const protocol = protoText.toUpperCase();
    if (protocol !== "TCP" && protocol !== "UDP" && protocol !== "SCTP")
      throw new UsageError(`unknown protocol "${protoText}"`);
    const port = /^\d+$/.test(portText ?? "") ? Number(portText) : (portText ?? "");
    const source = parseSourceRef(flags.from);
    const from =
      "pod" in source
        ? { kind: "pod" as const, ...source.pod }
        : { kind: "node" as const, name: source.node };
    const engine = engineFromFlags(flags, io.cwd);
    const result = engine.connect({ from, to: parseTarget(flags.to), port, protocol });
    if (flags.output === "json") io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout.write(formatTrace(result));
    io.setExitCode(result.verdict === "allowed" ? 0 : 1);
  });
}

export function parseTarget(text: string): ConnectTarget {
  const parts = text.split("/");
  const kind = parts[0];
  if (
    (kind === "pod" || kind === "service" || kind === "svc") &&
    (parts.length === 2 || parts.length === 3)
  ) {
    const [namespace, name] = parts.length === 3 ? [parts[1]!, parts[2]!] : ["default", parts[1]!];
    return { kind: kind === "svc" ? "service" : kind, namespace, name };
  }
  if (kind === "node" && parts.length === 2) return { kind: "node", name: parts[1]! };
  if (/^[0-9.]+$/.test(text) || text.includes(":")) return { kind: "ip", ip: text };
  if (parts.length === 1) return { kind: "name", name: text };
  throw new UsageError(
    `cannot read --to "${text}": use pod/NS/NAME, service/NS/NAME, node/NAME, an IP or a DNS name`,
  );
}

export function formatTrace(r: ConnectResult): string {
  const lines: string[] = [];
  r.hops.forEach((h, i) =>
    lines.push(
      `${String(i + 1).padStart(2)}. ${[h.hop, ...h.args].join(" ")}${h.detail ? `  — ${h.detail}` : ""}`,
    ),
  );
  lines.push("");
  lines.push(`verdict: ${r.verdict}${r.deniedBy ? ` (by ${r.deniedBy})` : ""}`);
  if (r.landedOn) lines.push(`landed on: ${r.landedOn}`);
  if (r.candidates.length > 0) lines.push(`candidates: ${r.candidates.join(", ")}`);
  if (r.sourceIp) lines.push(`source IP seen by destination: ${r.sourceIp}`);
  for (const reason of r.reasons) lines.push(`because ${reason}`);
  return `${lines.join("\n")}\n`;
}
