/**
 * The differential tester: generated scenarios (generate.ts) applied to two targets — the reference
 * engine and a real implementation, normally `local` — and every generated question asked of both.
 * Each disagreement is reported with a reproduction (`.netspec` text holding the reference answer);
 * the first of each kind is minimised first, by dropping manifest documents while the two still
 * disagree on that question.
 */
import type { Probe, Value } from "../../dsl/index.js";
import type { DnsObs } from "../observation.js";
import { observe, type SuiteSetup, type Target, type TargetContext } from "../targets/index.js";
import { compareDns } from "../parity/index.js";
import {
  addressQueries,
  corefileFor,
  DOMAIN,
  generate,
  nameOn,
  UPSTREAM,
  type Query,
  type Scenario,
} from "./generate.js";
import { AddressBook, type AddressOwner } from "../parity/index.js";
import { explain, type KnownDivergence } from "./known.js";
import { reproduction } from "./netspec-text.js";

export interface DiffOptions {
  cases: number;
  seed: number;
  /** First case index (to resume or shard a run). */
  from?: number;
  reference: Target;
  other: Target;
  ctx: TargetContext;
  /** Progress: one call per finished case. */
  progress?: (done: number, total: number, disagreements: number) => void;
  /** Minimise the first disagreement of each kind (costs a few runs of the case each). */
  minimise?: boolean;
}

export interface Disagreement {
  scenario: Scenario;
  query: Query;
  /** A short key grouping disagreements of one kind (query type and what differs). */
  kind: string;
  differences: string[];
  reference: DnsObs;
  other: DnsObs;
  netspec: string;
  /** Set when a recorded known divergence explains it. */
  known?: KnownDivergence;
}

export interface DiffResult {
  cases: number;
  queries: number;
  /** Cases a target could not run (with why); they are not counted as agreement. */
  errors: { id: string; message: string }[];
  disagreements: Disagreement[];
}

const span = {
  file: "difftest",
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

function setupFor(s: Scenario): SuiteSetup {
  return {
    file: `difftest-${s.id}.netspec`,
    suite: `difftest ${s.id}`,
    cluster: {
      profile: "kubeadm",
      nodes: 3,
      corefile: {
        path: `difftest-${s.id}.netspec`,
        text: corefileFor(s.kubernetesOptions),
        line: 1,
        column: 0,
      },
    },
    upstream: UPSTREAM.map((u) => ({ ...u, span })) as unknown as SuiteSetup["upstream"],
  };
}

/** The case on both targets; each target's address book after it. */
async function loadBoth(
  o: DiffOptions,
  s: Scenario,
  documents: string[],
): Promise<[AddressBook, AddressBook]> {
  await load(o.reference, s, documents, o.ctx);
  await load(o.other, s, documents, o.ctx);
  return [await addressBook(o.reference, s, o.ctx), await addressBook(o.other, s, o.ctx)];
}

async function load(t: Target, s: Scenario, documents: string[], ctx: TargetContext): Promise<void> {
  const setup = setupFor(s);
  await t.prepare(setup, ctx);
  await t.reset(setup, ctx);
  if (documents.length)
    await t.apply(
      [{ path: `difftest-${s.id}.yaml`, text: documents.join("\n---\n"), line: 1, column: 0 }],
      ctx,
    );
}

async function ask(t: Target, q: Query, book: AddressBook, ctx: TargetContext): Promise<DnsObs> {
  const probe = { kind: "dns", qname: nameOn(q, book), qtype: q.type } as Probe;
  return (await observe(t, probe, ctx)) as DnsObs;
}

/** Who owns which address on `t`: the generated Services' cluster IPs and the pods' IPs. */
async function addressBook(t: Target, s: Scenario, ctx: TargetContext): Promise<AddressBook> {
  const once = (fn: string, kind: string, namespace: string, name: string) =>
    t.resolve({ kind: "ref", fn, target: { kind, namespace, name, span }, span } as unknown as Value, ctx);
  // A real API server under load may answer late or not at all; an empty answer is asked again, and
  // an address the target still cannot tell is left literal (it then shows as a difference), said why.
  const ref = async (fn: string, kind: string, namespace: string, name: string) => {
    let why = "no address";
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const got = await once(fn, kind, namespace, name);
        if (got.length) return got;
      } catch (e) {
        why = (e as Error).message.split("\n")[0]!;
      }
      if (t.name !== "reference") await new Promise((r) => setTimeout(r, 1000));
    }
    ctx.log(`difftest: ${t.name}: ${fn}(${kind} ${namespace}/${name}): ${why}`);
    return [] as string[];
  };
  const owners: AddressOwner[] = [];
  for (const svc of s.services)
    if (!svc.headless && !svc.external)
      for (const ip of await ref("cluster-ip", "Service", svc.namespace, svc.name))
        owners.push({ symbol: `cluster-ip(service ${svc.namespace}/${svc.name})`, ip });
  for (const p of s.pods)
    for (const ip of await ref("ip", "Pod", p.namespace, p.name))
      owners.push({ symbol: `ip(pod ${p.namespace}/${p.name})`, ip });
  return new AddressBook(owners);
}

/** The question asked of both targets, each about its own addresses; empty when they agree. */
async function askBoth(
  o: DiffOptions,
  q: Query,
  books: [AddressBook, AddressBook],
): Promise<{ a: DnsObs; b: DnsObs; differences: string[] }> {
  const a = await ask(o.reference, q, books[0], o.ctx);
  const b = await ask(o.other, q, books[1], o.ctx);
  return { a, b, differences: compareDns(books[0].observation(a), books[1].observation(b), DOMAIN) };
}

function kindOf(q: Query, differences: string[]): string {
  return `${q.type} ${differences.map((d) => d.split(/[\s:]/)[0]).join("+")}`;
}

export async function runDiff(o: DiffOptions): Promise<DiffResult> {
  const result: DiffResult = { cases: 0, queries: 0, errors: [], disagreements: [] };
  const minimised = new Set<string>();
  const from = o.from ?? 0;
  for (let i = from; i < from + o.cases; i++) {
    if (o.ctx.signal.aborted) break;
    const s = generate(o.seed, i);
    try {
      const books = await loadBoth(o, s, s.documents);
      const queries = [...s.queries, ...addressQueries(books[0].owners)];
      const asked: { q: Query; rcode: string }[] = [];
      for (const q of queries) {
        const { a, b, differences } = await askBoth(o, q, books);
        result.queries++;
        const before = [...asked];
        asked.push({ q, rcode: a.timeout ? "TIMEOUT" : a.rcode });
        if (!differences.length) continue;
        const kind = kindOf(q, differences);
        const known = explain(q, a, b, DOMAIN);
        let documents = s.documents;
        let prefix = before;
        if (o.minimise && !known && !minimised.has(kind)) {
          minimised.add(kind);
          const small = await minimise(o, s, q);
          // When the question alone agrees, the earlier questions matter (caches): keep them all.
          if (small) [documents, prefix] = [small, []];
        }
        const scenario = { ...s, documents };
        result.disagreements.push({
          scenario,
          query: q,
          kind,
          differences,
          reference: a,
          other: b,
          known,
          netspec: reproduction(scenario, q, books[0].observation(a), differences, prefix),
        });
      }
      result.cases++;
    } catch (e) {
      result.errors.push({ id: s.id, message: (e as Error).message });
    }
    o.progress?.(i - from + 1, o.cases, result.disagreements.length);
  }
  return result;
}

/**
 * Drop documents one at a time while the two targets still disagree on `q` asked alone (one greedy
 * pass); undefined when `q` alone does not disagree (the disagreement needs the earlier questions).
 */
async function minimise(o: DiffOptions, s: Scenario, q: Query): Promise<string[] | undefined> {
  const disagrees = async (docs: string[]) =>
    (await askBoth(o, q, await loadBoth(o, s, docs))).differences.length > 0;
  if (!(await disagrees(s.documents))) return undefined;
  let docs = s.documents;
  for (let i = docs.length - 1; i >= 0; i--) {
    const fewer = docs.filter((_, j) => j !== i);
    try {
      if (await disagrees(fewer)) docs = fewer;
    } catch {
      // Without this document the case does not apply (a namespace others need): keep it.
    }
  }
  return docs;
}
