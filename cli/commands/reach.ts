/**
 * `netspec reach --manifests PATH... [--port N] [--protocol P] [--output table|json]`: the NetworkPolicy
 * truth table over every ordered pair of distinct pods, as a matrix (like the upstream e2e tables), as
 * the JSON shape DESIGN.md fixes for other tools, or as an `expect reach` block to paste into a spec.
 */
import type { Command } from "commander";
import { Option } from "commander";
import { formatReachTable, reachToJson } from "../../engine/index.js";
import { addClusterFlags, engineFromFlags, type ClusterFlags } from "../cluster-options.js";
import { reachAsNetspec } from "../reach-netspec.js";
import { UsageError } from "../usage-error.js";
import type { CommandIo } from "./command-io.js";

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
      .option("--pods <ns/name,...>", "only these pods, in this order"),
  ).action(
    async (
      flags: ClusterFlags & { port: string; protocol: "TCP" | "UDP" | "SCTP"; output: string; pods?: string },
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
    },
  );
}
