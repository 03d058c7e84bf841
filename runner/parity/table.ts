/**
 * The parity table of a run over several targets: per test, each target's cell (status and reason)
 * and whether the targets agree. Two targets agree only where both observed — the case ran to its
 * verdict, passed or failed, on both — and every expectation's observations are equal
 * (compare.ts, addresses as their owners where both targets listed them: CaseResult.addresses); a
 * skip or an error is never agreement, only "not comparable". Where observations
 * differ, each target's observation is kept so reports show them side by side.
 */
import type { Observation } from "../observation.js";
import type {
  CaseResult,
  CaseStatus,
  ParityCell,
  ParityDifference,
  ParityRow,
  ParitySummary,
  ParityVerdict,
  RunResult,
} from "../result.js";
import { AddressBook } from "./address-book.js";
import { compareObservations } from "./compare.js";

const observed = (s: CaseStatus) => s === "passed" || s === "failed";

/** The expectations' observations of a case, in step order (undefined where it did not get there). */
function observations(c: CaseResult): { line: number; obs?: Observation }[] {
  return c.steps.filter((s) => s.type === "expect").map((s) => ({ line: s.span.line, obs: s.observation }));
}

function differencesOf(cases: CaseResult[]): ParityDifference[] {
  const [first, ...others] = cases;
  const out: ParityDifference[] = [];
  const base = observations(first!);
  // Only owners both targets listed are symbolised: one target may list a namespace the other did
  // not look at (the engine knows kube-system's Services; a cluster is asked about the case's).
  const books = (o: CaseResult): [AddressBook | undefined, AddressBook | undefined] => {
    if (!first!.addresses || !o.addresses) return [undefined, undefined];
    const mine = new Set(o.addresses.map((a) => a.symbol));
    const theirs = new Set(first!.addresses.map((a) => a.symbol));
    return [
      new AddressBook(first!.addresses.filter((a) => mine.has(a.symbol))),
      new AddressBook(o.addresses.filter((a) => theirs.has(a.symbol))),
    ];
  };
  base.forEach((b, i) => {
    const diffs: string[] = [];
    const all: Record<string, Observation> = b.obs ? { [first!.target]: b.obs } : {};
    for (const o of others) {
      const mine = observations(o)[i]?.obs;
      if (mine) all[o.target] = mine;
      if (!b.obs || !mine) diffs.push(`${b.obs ? o.target : first!.target} did not observe it`);
      else
        diffs.push(
          ...compareObservations(b.obs, mine, books(o)).map((d) => `${first!.target} vs ${o.target}: ${d}`),
        );
    }
    if (diffs.length) out.push({ expectation: i + 1, line: b.line, observations: all, differences: diffs });
  });
  return out;
}

function verdictOf(
  cases: CaseResult[],
  divergences: Record<string, string>,
  diffs: ParityDifference[],
): ParityVerdict {
  if (cases.length < 2 || !cases.every((c) => observed(c.status))) return "not-comparable";
  const same = diffs.length === 0 && new Set(cases.map((c) => c.status)).size === 1;
  if (same) return "agree";
  return Object.keys(divergences).length ? "known-divergence" : "disagree";
}

export function parityTable(result: RunResult): ParityRow[] {
  const groups = new Map<string, CaseResult[]>();
  for (const c of result.cases) {
    const k = `${c.file}::${c.suite}::${c.name}`;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].map((cases) => {
    const cells: Record<string, ParityCell> = {};
    const divergences: Record<string, string> = {};
    for (const c of cases) {
      const d = c.steps.find((s) => s.divergence)?.divergence;
      if (d) divergences[c.target] = d.reason;
      cells[c.target] = {
        status: c.status,
        ...(c.message ? { message: c.message } : {}),
        ...(d ? { divergence: d.reason } : {}),
        ...(c.params ? { params: c.params } : {}),
      };
    }
    const comparable = cases.every((c) => observed(c.status));
    const differences = comparable && cases.length > 1 ? differencesOf(cases) : [];
    const verdict = verdictOf(cases, divergences, differences);
    const statuses = Object.fromEntries(cases.map((c) => [c.target, c.status]));
    const { file, suite, name } = cases[0]!;
    return {
      file,
      suite,
      test: name,
      cells,
      statuses,
      divergences,
      verdict,
      agree: verdict === "agree",
      differences,
    };
  });
}

export function paritySummary(rows: ParityRow[]): ParitySummary {
  const s: ParitySummary = { agree: 0, disagree: 0, knownDivergence: 0, notComparable: 0 };
  for (const r of rows)
    if (r.verdict === "agree") s.agree++;
    else if (r.verdict === "disagree") s.disagree++;
    else if (r.verdict === "known-divergence") s.knownDivergence++;
    else s.notComparable++;
  return s;
}
