/**
 * The admission differential tester: generated cases (generate.ts) run through the reference engine
 * and a real kube-apiserver, compared on verdict, message and defaulted fields (outcome.ts). Every
 * disagreement keeps a runnable reproduction; ones a known divergence explains are counted apart.
 */
import type { TargetContext } from "../../targets/index.js";
import type { AdmissionCase } from "./case.js";
import { engineOutcome } from "./engine-side.js";
import { generateAdmissionCase } from "./generate.js";
import { explainAdmission, type KnownAdmissionDivergence } from "./known.js";
import { compareOutcomes, type Outcome } from "./outcome.js";
import type { RealServer } from "./real-server.js";
import { admissionReproduction } from "./reproduction.js";

export interface AdmissionDiffOptions {
  cases: number;
  seed: number;
  from?: number;
  /** Only cases of this family. */
  family?: string;
  server: RealServer;
  ctx: TargetContext;
  progress?: (done: number, total: number, disagreements: number) => void;
}

export interface AdmissionDisagreement {
  case: AdmissionCase;
  /** `family/verdict`, `family/message`, `family/defaults`: groups the summary. */
  kind: string;
  differences: string[];
  reference: Outcome;
  server: Outcome;
  netspec: string;
  known?: KnownAdmissionDivergence;
}

export interface AdmissionDiffResult {
  cases: number;
  errors: { id: string; message: string }[];
  disagreements: AdmissionDisagreement[];
}

export function namespaceDoc(c: AdmissionCase): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${c.namespace}`;
}

export async function runAdmissionDiff(o: AdmissionDiffOptions): Promise<AdmissionDiffResult> {
  const result: AdmissionDiffResult = { cases: 0, errors: [], disagreements: [] };
  const from = o.from ?? 0;
  for (let i = from; i < from + o.cases; i++) {
    if (o.ctx.signal.aborted) break;
    const c = generateAdmissionCase(o.seed, i, o.family);
    const ns = namespaceDoc(c);
    try {
      await o.server.prepare(c, ns);
      const server = await o.server.probe(c);
      const files = { setup: o.server.caseFile(c, "setup"), probe: o.server.caseFile(c, "probe") };
      const reference = engineOutcome(c, files, ns);
      const differences = compareOutcomes(reference, server, c.probe, c.setup.length > 0);
      result.cases++;
      if (differences.length) {
        const what = differences[0]!.split(":")[0]!;
        result.disagreements.push({
          case: c,
          kind: `${c.family}/${what}`,
          differences,
          reference,
          server,
          known: explainAdmission(c, reference, server, differences),
          netspec: admissionReproduction(c, ns, server, differences),
        });
      }
    } catch (e) {
      result.errors.push({ id: c.id, message: (e as Error).message });
    }
    await o.server.sweep();
    o.progress?.(i - from + 1, o.cases, result.disagreements.filter((d) => !d.known).length);
  }
  await o.server.sweep(true);
  return result;
}
