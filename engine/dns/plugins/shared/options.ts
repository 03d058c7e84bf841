/** Corefile argument checking shared by the plugins: every error names the line. */
import { CorefileError } from "../../plugin.js";
import type { Directive } from "../../plugin.js";
import { parseDuration } from "./duration.js";

export function fail(d: Directive, message: string): never {
  throw new CorefileError(`plugin/${d.name}: ${message}`, d.line);
}

export function unknownOption(plugin: string, d: Directive): never {
  throw new CorefileError(`plugin/${plugin}: unknown property '${d.name}'`, d.line);
}

export function noBlock(d: Directive): void {
  const first = d.block[0];
  if (first) unknownOption(d.name, first);
}

export function maxArgs(d: Directive, n: number, plugin = d.name): void {
  if (d.args.length > n)
    throw new CorefileError(`plugin/${plugin}: too many arguments to '${d.name}'`, d.line);
}

export function exactArgs(d: Directive, n: number, plugin = d.name): void {
  if (d.args.length !== n) {
    throw new CorefileError(
      `plugin/${plugin}: '${d.name}' wants ${n} argument(s), got ${d.args.length}`,
      d.line,
    );
  }
}

export function durationArg(d: Directive, text: string, plugin = d.name): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new CorefileError(`plugin/${plugin}: invalid duration '${text}'`, d.line);
  return ms;
}

export function intArg(d: Directive, text: string, plugin = d.name, min = 0): number {
  if (!/^-?\d+$/.test(text) || Number(text) < min) {
    throw new CorefileError(`plugin/${plugin}: invalid number '${text}'`, d.line);
  }
  return Number(text);
}

/**
 * caddy Controller.ArgErr ("Wrong argument count or unexpected line ending after 'VAL'"), wrapped by
 * plugin.Error as the plugin's setup returns it; `at` is the token caddy stood on (a sub-directive).
 */
export function argErr(d: Directive, at: Directive = d, val = at.args[at.args.length - 1] ?? at.name): never {
  throw new CorefileError(
    `plugin/${d.name}: Wrong argument count or unexpected line ending after '${val}'`,
    at.line,
  );
}

/** A setup error on line `at` (caddy c.Errf / a returned error), wrapped as plugin.Error does. */
export function failAt(d: Directive, at: Directive, message: string): never {
  throw new CorefileError(`plugin/${d.name}: ${message}`, at.line);
}
