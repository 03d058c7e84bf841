/**
 * `upstream { NAME TYPE DATA [ttl N] | NAME RCODE }`: the world outside the cluster, as the forward
 * plugin and egress see it. At a file's top level it is every suite's; in a suite, that suite's.
 * `upstream "ADDR" { ... }` records are that server's alone: a query forwarded to another upstream
 * does not find them (so a stub zone mapped to the wrong server fails its test).
 */
import type { Statement } from "../../ast.js";
import type { UpstreamRecord } from "../../plan.js";
import type { Ctx, FileCtx, SuiteCtx } from "../context.js";
import { isIp } from "../literals.js";
import { textOf } from "../pattern.js";
import type { StatementSpec } from "../spec.js";
import { RCODES, RECORD_TYPES } from "../vocabulary.js";

/** One record line: the head word is the name. */
function record(r: Statement, ctx: Ctx): UpstreamRecord | undefined {
  const words = [r.head, ...r.items.map((i) => textOf(i) ?? "")];
  const [name, type = ""] = words;
  const rec: UpstreamRecord = { span: r.$span, name: name!, type, data: "" };
  if (RCODES.includes(type)) {
    rec.rcode = type;
    return rec;
  }
  if (!RECORD_TYPES.includes(type)) {
    const candidates = [...RECORD_TYPES, ...RCODES];
    ctx.session.unknown(
      "check/unknown-record-type",
      "record type",
      type,
      r.items[0]?.$span ?? r.$span,
      candidates,
    );
    return undefined;
  }
  const rest = words.slice(2);
  const ti = rest.indexOf("ttl");
  if (ti >= 0) {
    rec.ttl = Number(rest[ti + 1]);
    rest.splice(ti, 2);
  }
  rec.data = rest.join(" ");
  if ((type === "A" || type === "AAAA") && !isIp(rec.data))
    ctx.session.error("check/invalid-ip", `\`${rec.data}\` is not a valid IP address`, r.$span);
  return rec;
}

/** `"10.0.1.53"`, `"10.0.2.53:5353"`, `"[fd00::53]:53"`, `"fd00::53"`: an upstream server's address. */
function isServerAddress(s: string): boolean {
  const m = /^\[(.+)\]:(\d{1,5})$/.exec(s) ?? /^([^:]+):(\d{1,5})$/.exec(s);
  if (m) return isIp(m[1]!) && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
  return isIp(s);
}

/** `upstream "ADDR"`: the server the block's records belong to (undefined: every upstream). */
function serverOf(st: Statement, ctx: Ctx): string | undefined {
  const first = st.items[0];
  if (!first) return undefined;
  const addr = textOf(first) ?? "";
  if (first.$type !== "String" || !isServerAddress(addr)) {
    ctx.session.error(
      "check/invalid-value",
      `upstream takes one quoted server address ("10.0.1.53" or "10.0.2.53:5353"), got \`${addr}\``,
      first.$span,
    );
    return undefined;
  }
  return addr;
}

/** The records of an upstream block. */
export function upstreamRecords(st: Statement, ctx: Ctx): UpstreamRecord[] {
  const server = serverOf(st, ctx);
  return (st.block ?? []).flatMap((r) => {
    const rec = record(r, ctx);
    if (!rec) return [];
    return server !== undefined ? [{ ...rec, server }] : [rec];
  });
}

const doc = {
  head: "upstream",
  syntax: 'upstream ["ADDR"] { NAME TYPE DATA [ttl N] | NAME RCODE }',
  summary:
    'the world outside the cluster (forward plugin, egress); NXDOMAIN | SERVFAIL | REFUSED | TIMEOUT set an rcode; `upstream "ADDR"` gives the records to that one server only.',
  example: "upstream { example.com A 93.184.216.34 ttl 60 }",
};

export const fileUpstream: StatementSpec<FileCtx> = {
  ...doc,
  compile(st, fc) {
    fc.upstream.push(...upstreamRecords(st, fc.ctx));
  },
};

export const suiteUpstream: StatementSpec<SuiteCtx> = {
  ...doc,
  compile(st, sc) {
    sc.suite.upstream.push(...upstreamRecords(st, sc.ctx));
  },
};
