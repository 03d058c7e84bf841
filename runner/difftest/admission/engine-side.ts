/**
 * The reference engine's side of an admission case: a fresh engine per case (kubeadm profile on the
 * arbiter's service CIDR), the namespace and setup applied, then the probe. The verdict and message
 * come from the target's apply; the message loses the `file:line: ` the engine puts in front.
 */
import type { SuiteSetup, Target, TargetContext } from "../../targets/index.js";
import { TargetError } from "../../targets/index.js";
import type { AdmissionCase } from "./case.js";
import type { Outcome } from "./outcome.js";
import { SERVICE_CIDR } from "./real-server.js";

export function setupFor(c: AdmissionCase): SuiteSetup {
  return {
    file: `admission-${c.id}.netspec`,
    suite: `admission ${c.id}`,
    cluster: { profile: "kubeadm", nodes: 1, serviceCidrs: [SERVICE_CIDR] },
    upstream: [],
  };
}

export async function engineOutcome(
  t: Target,
  c: AdmissionCase,
  files: { setup: string; probe: string },
  namespaceDoc: string,
  ctx: TargetContext,
): Promise<Outcome> {
  const setup = setupFor(c);
  await t.reset(setup, ctx);
  await t.apply(
    [{ path: files.setup, text: [namespaceDoc, ...c.setup].join("\n---\n"), line: 1, column: 0 }],
    ctx,
  );
  try {
    await t.apply([{ path: files.probe, text: c.probe, line: 1, column: 0 }], ctx);
    return { accepted: true, message: "" };
  } catch (e) {
    if (!(e instanceof TargetError) || e.kind !== "user") throw e;
    return { accepted: false, message: e.message.replace(/^[^\n]*?:\d+: /, "") };
  }
}
