/**
 * Observed values written back as netspec text, so `run --update` can put what a cluster answered
 * into the expectations that asked: records as the record functions the language has (`a(IP)`,
 * `srv(0, 50, 80, "web.ns.svc.cluster.local.")`, `cname("x.")`…), resolver walks as try lists
 * (`[A "web.default.svc.cluster.local." NOERROR]`), rcodes and flags as words.
 */
import type { Observation, RecordObs, ResolveTry } from "../../runner/index.js";

const RECORD_FUNCTIONS = new Set(["A", "AAAA", "SRV", "CNAME", "PTR", "TXT", "SOA", "NS", "MX"]);

const quote = (s: string) => JSON.stringify(s);
const word = (s: string) => (/^[A-Za-z0-9_.\-/:%*+]+$/.test(s) ? s : quote(s));

/** A record as its record function; undefined for types the language has no function for. */
export function recordText(r: RecordObs): string | undefined {
  if (!RECORD_FUNCTIONS.has(r.type)) return undefined;
  const fn = r.type.toLowerCase();
  if (r.type === "A" || r.type === "AAAA") return `${fn}(${r.data})`;
  if (r.type === "SOA") return `soa(${quote(r.name)})`;
  if (r.type === "TXT") return `txt(${quote(r.data.replace(/^"|"$/g, ""))})`;
  const parts = r.data.split(" ").map((p) => (/^\d+$/.test(p) ? p : quote(p)));
  return `${fn}(${parts.join(", ")})`;
}

function records(list: RecordObs[]): string | undefined {
  const texts = list.map(recordText);
  return texts.every((t) => t !== undefined) ? `[${texts.join(", ")}]` : undefined;
}

function tries(list: ResolveTry[]): string {
  return `[${list.map((t) => `${t.type} ${quote(t.name)} ${t.rcode}`).join(", ")}]`;
}

/**
 * The observed value of `subject` (with `field` for `answer count == N`) as netspec text; undefined
 * when it has no written form (the expectation is then left as it is).
 */
export function observedText(o: Observation, subject: string, field?: string): string | undefined {
  if (field === "count" || subject === "count") {
    const n = o.kind === "dns" || o.kind === "resolve" ? o.answer.length : undefined;
    return n === undefined ? undefined : String(n);
  }
  switch (o.kind) {
    case "dns":
      if (subject === "rcode") return o.timeout ? undefined : o.rcode;
      if (subject === "answer" || subject === "authority" || subject === "additional")
        return records(o[subject]);
      if (subject === "flags") return `[${o.flags.join(", ")}]`;
      if (subject === "size") return o.size === undefined ? undefined : String(o.size);
      if (subject === "ttl") {
        const ttls = [...new Set(o.answer.map((r) => r.ttl))];
        return ttls.length === 1 ? String(ttls[0]) : undefined;
      }
      return undefined;
    case "resolve":
      if (subject === "rcode") return o.rcode;
      if (subject === "answer") return `[${o.answer.join(", ")}]`;
      if (subject === "tries") return tries(o.tries);
      if (subject === "source") return o.source;
      if (subject === "canonical-name")
        return o.canonicalName === undefined ? undefined : quote(o.canonicalName);
      return undefined;
    case "connect":
      if (subject === "lands-on" && o.landedOn) return `name(pod ${o.landedOn})`;
      return undefined;
    case "object":
      return o.fields[subject] === undefined ? undefined : word(o.fields[subject]!);
    default:
      return undefined;
  }
}

/** A connection's outcome as the flag matcher that states it (`allowed`, `denied by ingress`). */
export function verdictText(o: Observation): string | undefined {
  if (o.kind !== "connect") return undefined;
  return o.verdict === "denied" && o.deniedBy ? `denied by ${o.deniedBy}` : o.verdict;
}

/** The matchers an expectation with none gets: what a person would check first. */
export function defaultMatchers(o: Observation): string[] {
  switch (o.kind) {
    case "dns": {
      if (o.timeout) return ["timeout"];
      const answer = o.answer.length ? records(o.answer) : undefined;
      return [`rcode ${o.rcode}`, ...(answer ? [`answer == ${answer}`] : [])];
    }
    case "resolve":
      return [`rcode ${o.rcode}`, `tries ${tries(o.tries)}`];
    case "connect":
      return [verdictText(o)!, ...(o.landedOn ? [`lands-on name(pod ${o.landedOn})`] : [])];
    default:
      return [];
  }
}
