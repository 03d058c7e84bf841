/**
 * The reference engine's side of an admission case, through its offline admission
 * (runner/targets/reference.ts referenceAdmission): a fresh kubeadm cluster on the arbiter's
 * service CIDR, the case's namespace and setup admitted for real, then the probe — as a dry run
 * unless the case creates. The refusal is worded as kubectl prints the server's Status (causes
 * listed from StatusDetails), so both sides meet in outcome.ts's canonical form.
 */
import type { ClusterSettings } from "../../../dsl/index.js";
import { referenceAdmission, type AdmissionReport } from "../../targets/index.js";
import type { AdmissionCase } from "./case.js";
import type { Outcome, Raw } from "./outcome.js";
import { SERVICE_CIDR } from "./real-server.js";

export const CLUSTER: ClusterSettings = { profile: "kubeadm", nodes: 1, serviceCidrs: [SERVICE_CIDR] };

type Doc = AdmissionReport["documents"][number];

/** The causes as kubectl lists them: `field: message`, repeats left out (helpers.go statusCausesToAggrError). */
function kubectlCauses(d: Doc): string[] | undefined {
  const causes = d.status?.causes?.map((c) => `${c.field}: ${c.message}`);
  return causes && [...new Set(causes)];
}

/** The message of a refused document as kubectl's canonical rendering (outcome.ts canonical). */
export function kubectlMessage(d: Doc): string {
  const s = d.status!;
  if (s.reason === "Invalid" && s.causes) {
    const causes = kubectlCauses(d)!;
    return `${s.kind} ${JSON.stringify(d.name)} is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(", ")}]`}`;
  }
  return s.message;
}

export function engineOutcome(
  c: AdmissionCase,
  files: { setup: string; probe: string },
  namespaceDoc: string,
): Outcome {
  const report = referenceAdmission(CLUSTER, [
    { path: files.setup, text: [namespaceDoc, ...c.setup].join("\n---\n") + "\n", line: 1, column: 0 },
    { path: files.probe, text: c.probe + "\n", line: 1, column: 0, dryRun: !c.create, keep: c.create },
  ]);
  const setup = report.documents.filter((d) => d.file === files.setup);
  const refusedSetup = setup.find((d) => !d.accepted);
  if (refusedSetup) throw new Error(`setup refused by the reference: ${kubectlMessage(refusedSetup)}`);
  const probe = report.documents.filter((d) => d.file === files.probe);
  const refused = probe.find((d) => !d.accepted);
  if (refused)
    return {
      accepted: false,
      message: kubectlMessage(refused),
      causes: kubectlCauses(refused),
    };
  return { accepted: true, message: "", objects: probe.map((d) => d.object as Raw) };
}
