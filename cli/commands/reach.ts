/**
 * `netspec reach --manifests PATH... [--port N] [--protocol P] [--output table|json]`: the NetworkPolicy
 * truth table over every ordered pair of distinct pods, as a matrix (like the upstream e2e tables), as
 * the JSON shape DESIGN.md fixes for other tools, or as an `expect reach` block to paste into a spec.
 */
import type { Command } from "commander";
import { Option } from "commander";
import { formatReachTable, reachToJson, type Engine } from "../../engine/index.js";
import { addClusterFlags, engineFromFlags, type ClusterFlags } from "../cluster-options.js";
import { reachAsNetspec } from "../reach-netspec.js";
import { UsageError } from "../usage-error.js";
import type { CommandIo } from "./command-io.js";

/** `--why x/a:y/b,...`: one line per cell, `x/a → y/b: allowed|denied|not scored: <reason>`. */
function explainCells(table: ReturnType<Engine["reach"]>, why: string): string {
  const ref = (p: string) => (p.includes("/") ? p : `default/${p}`);
  return why
    .split(",")
    .map((cell) => {
      const [from, to] = cell.split(":").map((p) => ref(p.trim()));
      const i = table.pods.indexOf(from ?? "");
      const j = table.pods.indexOf(to ?? "");
      if (i < 0 || j < 0 || to === undefined)
        throw new UsageError(`--why ${cell}: expected FROM:TO with both pods in the table (ns/name)`);
      const v = table.allowed[i]![j];
      const verdict = v === null ? "not scored" : v ? "allowed" : "denied";
      return `${from} → ${to}: ${verdict}${v === null ? "" : `: ${table.reasonOf(i, j)}`}\n`;
    })
    .join("");
}

export function register(program: Command, io: CommandIo): void {
  addClusterFlags(
    program
      .command("reach")
      .description("NetworkPolicy truth table over every ordered pair of distinct pods")
      .option("--port <port>", "destination port (number or named port)", "80")
      .addOption(
        new Option("--protocol <protocol>", "protocol").choices(["TCP", "UDP", "SCTP"]).default("TCP"),
      )
      .addOption(
        new Option("--output <format>", "table, json, or netspec (an `expect reach` block to paste)")
          .choices(["table", "json", "netspec"])
          .default("table"),
      )
      .option("--pods <ns/name,...>", "only these pods, in this order")
      .option(
        "--why <from:to,...>",
        "after the table, the policy that decided each given cell (`x/a:y/b`; repeatable as a list)",
      ),
  ).action(
    async (
      flags: ClusterFlags & {
        port: string;
        protocol: "TCP" | "UDP" | "SCTP";
        output: string;
        pods?: string;
        why?: string;
      },
    ) => {
      const port = /^\d+$/.test(flags.port) ? Number(flags.port) : flags.port;
      if (typeof port === "number" && (port < 1 || port > 65535))
        throw new UsageError(`--port must be 1-65535, got ${port}`);
      const engine = engineFromFlags(flags, io.cwd);
      const pods = flags.pods ? flags.pods.split(",").map((p) => (p.includes("/") ? p : `default/${p}`)) : [];
      const table = engine.reach({ port, protocol: flags.protocol, pods });
      if (flags.output === "json")
        io.stdout.write(`${JSON.stringify(reachToJson(table, port, flags.protocol))}\n`);
      else if (flags.output === "netspec")
        io.stdout.write(reachAsNetspec(reachToJson(table, port, flags.protocol), pods.length > 0));
      else io.stdout.write(`${formatReachTable(table)}\n`);
      if (flags.why) io.stdout.write(explainCells(table, flags.why));
    },
  );
}
