/** `suite "NAME" { tags; cluster; upstream; steps (the setup); tests }`: tests sharing a cluster and setup. */
import type { Statement } from "../../ast.js";
import type { PlanSuite, UpstreamRecord } from "../../plan.js";
import { Scope } from "../../scope.js";
import type { FileCtx, SuiteCtx } from "../context.js";
import { Cursor, named } from "../pattern.js";
import type { StatementSpec } from "../spec.js";
import { MAX_NODES } from "./cluster-settings.js";

const suiteName = named("suite name", '"NAME"');

/** The scope every statement of the suite starts from: the profile's built-ins (and its node count). */
function profileScope(st: Statement): Scope {
  const cluster = (st.block ?? []).find((x) => x.head === "cluster");
  const profile = cluster?.items[0];
  const nodes = cluster?.block?.find((x) => x.head === "nodes")?.items[0];
  const count = nodes?.$type === "Word" ? Number(nodes.value) : NaN;
  // An out-of-range count is reported by the `nodes` setting; the scope then takes the default.
  return Scope.forProfile(
    profile?.$type === "Word" ? profile.value : "kubeadm",
    Number.isInteger(count) && count >= 1 && count <= MAX_NODES ? count : undefined,
  );
}

export function compileSuite(st: Statement, fc: FileCtx, upstream: UpstreamRecord[]): PlanSuite {
  const suite: PlanSuite = {
    name: suiteName.take(new Cursor(st, fc.ctx)) ?? "",
    span: st.$span,
    tags: [],
    cluster: { profile: "kubeadm" },
    upstream: [...upstream],
    setup: [],
    cases: [],
  };
  const sc: SuiteCtx = {
    ctx: fc.ctx,
    file: fc.file,
    fixtures: fc.fixtures,
    suite,
    seen: new Map(),
    scope: profileScope(st),
  };
  for (const s of st.block ?? []) {
    fc.ctx.scope = sc.scope;
    fc.ctx.dispatch.suiteBody(s, sc);
  }
  return suite;
}

export const suiteStatement: StatementSpec<FileCtx> = {
  head: "suite",
  syntax: `suite ${suiteName.syntax} { ... }`,
  summary: "a group of tests sharing a cluster, an upstream world and setup steps (the suite's own steps).",
  example: 'suite "Headless services" { cluster kind; test "A lists ready pods" { ... } }',
  compile(st, fc) {
    fc.suites.push(compileSuite(st, fc, fc.upstream));
  },
};
