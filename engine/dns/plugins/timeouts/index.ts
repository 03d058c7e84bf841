/**
 * plugin/timeouts (CoreDNS 1.14.7 plugin/timeouts/timeouts.go parseTimeouts): `timeouts { read D;
 * write D; idle D; maxtcpqueries N }` sets the server's TCP/DoT/DoH connection timeouts. Parsed and
 * validated with CoreDNS's own messages; the model has no connection timing, so it changes no answer.
 * (Some messages carry "plugin/timeouts: " twice: parseTimeouts wraps them and setup wraps again.)
 */
import type { Directive, PluginFactory } from "../../plugin.js";
import { argErr, failAt, formatGoDuration, parseDuration } from "../shared/index.js";

export interface Timeouts {
  readMs?: number;
  writeMs?: number;
  idleMs?: number;
  maxTcpQueries?: number;
}

const TWICE = "plugin/timeouts: ";

/** plugin/pkg/durations NewDurationFromArg: a bare integer is seconds. */
function duration(d: Directive, line: Directive, arg: string): number {
  const text = /^[+-]?\d+$/.test(arg) ? `${arg}s` : arg;
  const ms = parseDuration(text);
  if (ms === undefined) failAt(d, line, `failed to parse duration '${text}'`);
  return ms;
}

export function parseTimeouts(d: Directive): Timeouts {
  const t: Timeouts = {};
  const last = d.args[d.args.length - 1];
  if (last) failAt(d, d, `${TWICE}Wrong argument count or unexpected line ending after '${last}'`);
  let n = 0;
  for (const line of d.block) {
    if (line.args.length !== 1) argErr(d, line);
    const arg = line.args[0]!;
    if (line.name === "maxtcpqueries") {
      if (!/^[+-]?\d+$/.test(arg))
        failAt(
          d,
          line,
          `invalid value for maxtcpqueries '${arg}': strconv.Atoi: parsing "${arg}": invalid syntax`,
        );
      const q = Number(arg);
      if (q === 0 || q < -1)
        failAt(d, line, `maxtcpqueries provided '${q}' needs to be -1 (unlimited) or a positive integer`);
      t.maxTcpQueries = q;
      n++;
      continue;
    }
    const ms = duration(d, line, arg);
    if (ms < 1000 || ms > 24 * 3_600_000)
      failAt(d, line, `timeout provided '${formatGoDuration(ms)}' needs to be between 1 second and 24 hours`);
    if (line.name === "read") t.readMs = ms;
    else if (line.name === "write") t.writeMs = ms;
    else if (line.name === "idle") t.idleMs = ms;
    else failAt(d, line, `unknown option: '${line.name}'`);
    n++;
  }
  if (!n) failAt(d, d, `${TWICE}timeouts block with no timeouts specified`);
  return t;
}

export const timeoutsPlugin: PluginFactory = {
  name: "timeouts",
  setup(d) {
    const timeouts = parseTimeouts(d);
    // Server configuration only (config.ReadTimeout...): the plugin adds no handler to the chain.
    return { name: "timeouts", timeouts, serve: (req, next) => next(req) };
  },
};
