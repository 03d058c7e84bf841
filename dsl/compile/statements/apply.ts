/** `apply SOURCE`: manifests, admitted as kube-apiserver would. */
import type { StepCtx } from "../context.js";
import { applySource } from "../manifests.js";
import { Cursor } from "../pattern.js";
import type { StatementSpec } from "../spec.js";

export const applyStep: StatementSpec<StepCtx> = {
  head: "apply",
  syntax: `apply ${applySource.syntax}`,
  summary:
    "apply manifests (inline, a file or every YAML/JSON file of a directory), admitted as kube-apiserver would.",
  example: 'apply file "manifests/web.yaml"',
  compile(st, sc) {
    const source = applySource.take(new Cursor(st, sc.ctx));
    if (source) sc.out.push({ type: "apply", span: st.$span, source });
  },
};
