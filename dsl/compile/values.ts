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
  if (ph.length > 1 && touching(ph)) return concatOf(ph, at);
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

/** Items written with nothing between them (`dashed-ip(pod p/a).p.pod.cluster.local`), one a call. */
export function touching(items: readonly ItemNode[]): boolean {
  return (
    items.some((i) => i.$type === "Call") &&
    items.every((i, k) => k === 0 || items[k - 1]!.$span.endOffset === i.$span.offset)
  );
}

/** How many items from `start` touch each other and form one name (1 when the first stands alone). */
export function touchingRun(items: readonly ItemNode[], start: number): number {
  let n = 1;
  while (start + n < items.length && items[start + n - 1]!.$span.endOffset === items[start + n]!.$span.offset)
    n++;
  return n > 1 && touching(items.slice(start, start + n)) ? n : 1;
}

/** A name in parts: words and strings as written, symbolic refs resolved by the target and joined. */
function concatOf(ph: readonly ItemNode[], at: Site): Value {
  const parts = ph.map((item): Value => {
    if (item.$type === "Word" || item.$type === "String")
      return { kind: "string", value: item.value, span: item.$span };
    const v = item.$type === "Call" ? callOf(item, at) : valueOf([item], at);
    if (v.kind !== "ref" && v.kind !== "derived")
      at.ctx.session.error(
        "check/invalid-value",
        "only words, strings and symbolic values such as `dashed-ip(pod NS/NAME)` can be joined into a name",
        item.$span,
      );
    return v;
  });
  const first = ph[0]!.$span;
  const last = ph[ph.length - 1]!.$span;
  const span = { ...first, endLine: last.endLine, endColumn: last.endColumn, endOffset: last.endOffset };
  return { kind: "concat", parts, span };
}

function callOf(x: ItemNode & { $type: "Call" }, at: Site): Value {
  const span = x.$span;
  const fn = functionNamed(x.fn);
  switch (fn?.kind) {
    case "ref": {
      const ph = x.args[0] ?? [];
      if ((x.fn === "reverse-name" || x.fn === "dashed-ip") && ph.length === 1 && isAddress(ph[0]!))
        return { kind: "derived", fn: x.fn, of: addressOf(ph[0]!, at), span };
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

/** Functions whose values are addresses, which `reverse-name(...)` and `dashed-ip(...)` can take. */
const ADDRESS_FNS = ["ip", "cluster-ip", "node-ip", "external-ip"];

/** `reverse-name(ip(pod a/b))`, `reverse-name(10.96.0.1)`: the argument is an address, not `KIND REF`. */
function isAddress(x: ItemNode): boolean {
  return x.$type === "Call" || (x.$type !== "List" && isIp(textOf(x) ?? ""));
}

function addressOf(x: ItemNode, at: Site): Value {
  if (x.$type !== "Call") return valueOf([x], at);
  if (!ADDRESS_FNS.includes(x.fn)) {
    at.ctx.session.error(
      "check/invalid-value",
      `\`${x.fn}(...)\` is not an address: a name can be derived from ${ADDRESS_FNS.map((f) => `\`${f}(...)\``).join(", ")} or an IP`,
      x.$span,
    );
  }
  return callOf(x, at);
}

/** `ips(pods NS where ...)` / `pods(NS where ...)`: the word before `where`, if any. */
function firstNamespace(x: { args: ItemNode[][] }): string | undefined {
  const words = (x.args[0] ?? [])
    .filter((i) => i.$type === "Word")
    .map((i) => (i as { value: string }).value);
  if (words[0] === "pods") words.shift();
  return words[0] !== undefined && words[0] !== "where" ? words[0] : undefined;
}

/** An item as written (a call with its words), for the probe's printed name. */
export function written(x: ItemNode): string {
  if (x.$type === "Call") return `${x.fn}(${x.args.map((ph) => ph.map(written).join(" ")).join(", ")})`;
  return textOf(x) ?? "";
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
    const span = ph[0]!.$span;
    if (kind === "hop") {
      const words = ph.map((x) => textOf(x) ?? "");
      return { kind: "hop", hop: words[0]!, args: words.slice(1), span };
    }
    // A try's name may be written in touching parts (`dashed-ip(pod x/a).x.pod.cluster.local.`).
    const runs: ItemNode[][] = [];
    for (let i = 0; i < ph.length;) {
      const n = touchingRun(ph, i);
      runs.push(ph.slice(i, i + n));
      i += n;
    }
    const words = runs.map((r) => (r.length === 1 ? (textOf(r[0]) ?? "") : ""));
    const [a, b, c] = words;
    const nameRun = runs[runs.length === 3 ? 1 : 0];
    const symbolic = nameRun && (nameRun.length > 1 || nameRun[0]!.$type === "Call");
    const nameValue = symbolic ? valueOf(nameRun, at) : undefined;
    const qtype = words.length === 3 ? (a ?? "") : undefined;
    const name = nameValue ? nameRun!.map(written).join("") : ((words.length === 3 ? b : a) ?? "");
    const rcode = (words.length === 3 ? c : b) ?? "";
    if (!RCODES.includes(rcode))
      session.unknown("check/unknown-rcode", "rcode", rcode, ph[ph.length - 1]!.$span, RCODES);
    if (qtype !== undefined && !RECORD_TYPES.includes(qtype))
      session.unknown("check/unknown-record-type", "record type", qtype, span, RECORD_TYPES);
    return {
      kind: "try",
      ...(qtype !== undefined ? { qtype } : {}),
      name,
      ...(nameValue ? { nameValue } : {}),
      rcode,
      span,
    };
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
