/**
 * `fault NAME [ARGS]`: inject a failure for the rest of the test. Arguments are positional (`1`,
 * `30%`), `node NAME` or named (`delay=2s`); a `file=PATH` argument is read here, relative to the
 * spec, and handed on as `text=` (the Corefile of corefile-edit).
 */
import type { FaultArg } from "../../plan.js";
import { SourceFiles } from "../../files.js";
import type { StepCtx } from "../context.js";
import { Cursor, pattern, rest, seq, textOf } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

/** The fault's name, checked against the known faults (the engine's catalog, given by the CLI). */
export const faultName = pattern("NAME", (c) => {
  const span = c.spanAt();
  const text = textOf(c.next()) ?? "";
  const known = c.session.faults.map((f) => f.name);
  if (!known.includes(text)) c.session.unknown("check/unknown-fault", "fault", text, span, known);
  return text;
});

const arg = pattern("k=v | node NAME | VALUE", (c): FaultArg | undefined => {
  const x = c.next()!;
  if (x.$type === "Pair")
    return x.key === "file" ? fileArg(c, x) : { key: x.key, value: x.value, span: x.$span };
  const y = c.peek();
  if (x.$type === "Word" && x.value === "node" && y?.$type === "Word") {
    c.i++;
    return { key: "node", value: y.value, span: x.$span };
  }
  if (x.$type === "Word" || x.$type === "String") return { value: x.value, span: x.$span };
  return undefined;
});

function fileArg(c: Cursor, x: { key: string; value: string; $span: FaultArg["span"] }): FaultArg {
  const full = SourceFiles.resolve(c.st.$span.file, x.value);
  const text = c.ctx.files.read(full);
  if (text === undefined) {
    c.session.error("check/missing-file", `file ${x.value} does not exist (looked for ${full})`, x.$span);
    return { key: x.key, value: x.value, span: x.$span };
  }
  return { key: "text", value: text, file: full, span: x.$span };
}

const items = seq(faultName, rest(arg));

export const faultStep: StatementSpec<StepCtx> = {
  head: "fault",
  syntax: `fault ${items.syntax}`,
  summary:
    "inject a failure for the rest of the test (healed at its end); see docs/faults.md or `netspec explain`.",
  example: "fault dns-replicas-down 1",
  compile(st, sc) {
    const [name, args] = items.take(new Cursor(st, sc.ctx));
    sc.out.push({ type: "fault", span: st.$span, name, args: args.filter((a) => a !== undefined) });
  },
};
