/**
 * `upstream { NAME TYPE DATA [ttl N] | NAME RCODE }`: the world outside the cluster, as the forward
 * plugin and egress see it. At a file's top level it is every suite's; in a suite, that suite's.
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

/** The records of an upstream block. */
export function upstreamRecords(st: Statement, ctx: Ctx): UpstreamRecord[] {
  return (st.block ?? []).flatMap((r) => record(r, ctx) ?? []);
}

const doc = {
  head: "upstream",
  syntax: "upstream { NAME TYPE DATA [ttl N] | NAME RCODE }",
  summary:
    "the world outside the cluster (forward plugin, egress); NXDOMAIN | SERVFAIL | REFUSED | TIMEOUT set an rcode.",
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
