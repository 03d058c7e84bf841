/**
 * What a person would look at when a case fails on a real cluster, collected before the case is
 * cleaned up: the events of its namespaces, their pods (wide), their EndpointSlices, and CoreDNS's log
 * since the case started. Each piece is a command's output; one that fails says so instead.
 */
import type { Evidence, TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";

async function piece(kubectl: Kubectl, title: string, argv: string[], ctx: TargetContext): Promise<Evidence> {
  const r = await kubectl.run(argv, ctx, { allowFailure: true });
  const text = (r.code === 0 ? r.stdout : `(exit ${r.code}) ${r.stderr}`).trim() || "(nothing)";
  return { title: `${title} — $ ${argv.join(" ")}`, text: text.split("\n").slice(-200).join("\n") };
}

export async function collectEvidence(
  kubectl: Kubectl,
  namespaces: string[],
  since: Date,
  ctx: TargetContext,
): Promise<Evidence[]> {
  const out: Evidence[] = [];
  for (const n of namespaces) {
    out.push(
      await piece(
        kubectl,
        `events in ${n}`,
        ["kubectl", "get", "events", "-n", n, "--sort-by=.lastTimestamp"],
        ctx,
      ),
    );
    out.push(await piece(kubectl, `pods in ${n}`, ["kubectl", "get", "pods", "-n", n, "-o", "wide"], ctx));
    out.push(
      await piece(kubectl, `EndpointSlices in ${n}`, ["kubectl", "get", "endpointslices", "-n", n], ctx),
    );
  }
  const logs = ["kubectl", "logs", "-n", "kube-system", "-l", "k8s-app=kube-dns", "--prefix", "--tail=200"];
  out.push(
    await piece(
      kubectl,
      "CoreDNS log since the case started",
      [...logs, `--since-time=${since.toISOString()}`],
      ctx,
    ),
  );
  return out;
}
