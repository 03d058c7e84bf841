/**
 * Values in matchers and patch ops: strings, numbers, durations, idents, lists, symbolic refs,
 * selections, quantifiers and records (functions.ts lists the functions), plus the try and hop lists
 * of `tries [...]` / `hops [...]`.
 */
import type { ItemNode } from "../ast.js";
import type { SymbolicFn, Value } from "../plan.js";
import { FUNCTIONS, functionNamed } from "./functions.js";
import { duration, isCidr, isIp } from "./literals.js";
import { textOf, type Site } from "./pattern.js";
import { checkRef, refOf } from "./refs.js";
import { RCODES, RECORD_TYPES } from "./vocabulary.js";

/** A value written as one phrase (`ip(pod x/a)`, `[a, b]`, `"s"`, `30`). */
export function valueOf(ph: readonly ItemNode[], at: Site): Value {
  const x = ph[0];
  const session = at.ctx.session;
  if (!x) {
    session.error("check/expected-value", "expected a value", at.st.$span);
    return { kind: "ident", value: "", span: at.st.$span };
  }
  if (ph.length > 1)
    session.error("check/unexpected", "unexpected extra words after the value", ph[1]!.$span);
  const span = x.$span;
  switch (x.$type) {
    case "String":
    case "BlockString":
      return { kind: "string", value: x.value, span };
    case "List":
      return { kind: "list", items: x.items.map((p) => valueOf(p, at)), span };
    case "Word": {
      const v = x.value;
      if (/^-?\d+(\.\d+)?$/.test(v)) return { kind: "number", value: Number(v), span };
      const d = duration(v);
      if (d !== undefined) return { kind: "duration", ms: d, span };
      if (isIp(v) || isCidr(v)) return { kind: "string", value: v, span };
      return { kind: "ident", value: v, span };
    }
    case "Call":
      return callOf(x, at);
    default:
      session.error("check/expected-value", "expected a value", span);
      return { kind: "ident", value: "", span };
  }
}

function callOf(x: ItemNode & { $type: "Call" }, at: Site): Value {
  const span = x.$span;
  const fn = functionNamed(x.fn);
  switch (fn?.kind) {
    case "ref": {
      const ph = x.args[0] ?? [];
      const kind = ph[0]?.$type === "Word" ? ph[0].value : "";
      const target = refOf(ph[1], kind, at);
      checkRef(at, kind, kind === "node" ? target.name : target, ph[1]?.$span ?? span);
      return { kind: "ref", fn: x.fn as SymbolicFn, target, span };
    }
    case "selection": {
      const namespace = firstNamespace(x);
      const selector: Record<string, string> = {};
      for (const ph of x.args) for (const it of ph) if (it.$type === "Pair") selector[it.key] = it.value;
      return {
        kind: "selection",
        fn: x.fn as "ips" | "pods",
        ...(namespace ? { namespace } : {}),
        selector,
        span,
      };
    }
    case "quantified": {
      const ph = x.args[0] ?? [];
      // `any(pods x where pod=a)`: a selection written without its own `pods(...)` wrapper.
      const inner =
        ph[0]?.$type === "Word" && ph[0].value === "pods"
          ? callOf({ $type: "Call", fn: "pods", args: x.args, $span: span }, at)
          : valueOf(ph, at);
      return { kind: "quantified", quantifier: x.fn as "any" | "all" | "none", value: inner, span };
    }
    case "record":
      return { kind: "record", rrtype: x.fn.toUpperCase(), args: x.args.map((p) => valueOf(p, at)), span };
  }
  const names = FUNCTIONS.map((f) => f.name);
  at.ctx.session.unknown("check/unknown-function", "function", x.fn, span, names);
  return { kind: "ident", value: x.fn, span };
}

/** `ips(pods NS where ...)` / `pods(NS where ...)`: the word before `where`, if any. */
function firstNamespace(x: { args: ItemNode[][] }): string | undefined {
  const words = (x.args[0] ?? [])
    .filter((i) => i.$type === "Word")
    .map((i) => (i as { value: string }).value);
  if (words[0] === "pods") words.shift();
  return words[0] !== undefined && words[0] !== "where" ? words[0] : undefined;
}

/** `[A "x." NXDOMAIN, ...]` (tries) or `[pod x/a, node, ...]` (hops). */
export function listOf(item: ItemNode, kind: "try" | "hop", at: Site): Value {
  const session = at.ctx.session;
  if (item.$type !== "List") {
    session.error(
      "check/expected",
      `expected a list [...] of ${kind === "try" ? "tries" : "hops"}`,
      item.$span,
    );
    return { kind: "list", items: [], span: item.$span };
  }
  const items: Value[] = item.items.map((ph) => {
    const words = ph.map((x) => textOf(x) ?? "");
    const span = ph[0]!.$span;
    if (kind === "hop") return { kind: "hop", hop: words[0]!, args: words.slice(1), span };
    const [a, b, c] = words;
    const qtype = words.length === 3 ? (a ?? "") : undefined;
    const name = (words.length === 3 ? b : a) ?? "";
    const rcode = (words.length === 3 ? c : b) ?? "";
    if (!RCODES.includes(rcode))
      session.unknown("check/unknown-rcode", "rcode", rcode, ph[ph.length - 1]!.$span, RCODES);
    if (qtype !== undefined && !RECORD_TYPES.includes(qtype))
      session.unknown("check/unknown-record-type", "record type", qtype, span, RECORD_TYPES);
    return { kind: "try", ...(qtype !== undefined ? { qtype } : {}), name, rcode, span };
  });
  return { kind: "list", items, span: item.$span };
}

/** A value as plain data (a patch op's `set PATH = VALUE`): `true`/`false`/`null` idents become JSON. */
export function plainValue(v: Value): unknown {
  switch (v.kind) {
    case "string":
    case "number":
      return v.value;
    case "ident":
      return v.value === "true" ? true : v.value === "false" ? false : v.value === "null" ? null : v.value;
    case "list":
      return v.items.map(plainValue);
    default:
      return v;
  }
}
