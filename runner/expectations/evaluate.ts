/**
 * Judges one Matcher against one Observation. Subjects are interpreted per probe kind (see
 * /work/notes/syntax.md "Matcher subjects per probe"); symbolic values arrive already resolved to
 * strings through `resolveValue` so the same judgement applies to every target.
 */
import type { Matcher, Value } from "../../dsl/index.js";
import type { Observation, RecordObs } from "../observation.js";

/** The outcome of one matcher, with printable expected/actual text for reports. */
export interface Verdict {
  subject: string;
  ok: boolean;
  expected: string;
  actual: string;
  /** Set when the matcher could not be judged (unknown subject, bad operator): the case errors. */
  error?: string;
}

/** Turns a symbolic value into concrete strings (the target's `resolve`). */
export type ValueResolver = (value: Value) => Promise<string[]>;

type Item = string | number | boolean | RecordObs | Record<string, unknown>;

/** A subject's observed content: a scalar, a flag, or a list of items. */
type Subject =
  | { kind: "scalar"; value: string | number | undefined }
  | { kind: "flag"; value: boolean }
  | { kind: "list"; items: Item[]; ordered?: boolean };

export async function evaluateMatcher(
  matcher: Matcher,
  obs: Observation,
  resolveValue: ValueResolver,
): Promise<Verdict> {
  const base = { subject: describeMatcher(matcher) };
  const subject = subjectOf(obs, matcher.subject);
  if (typeof subject === "string") return { ...base, ok: false, expected: "", actual: "", error: subject };
  try {
    return { ...base, ...(await judge(matcher, subject, obs, resolveValue)) };
  } catch (error) {
    return {
      ...base,
      ok: false,
      expected: "",
      actual: "",
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export function describeMatcher(m: Matcher): string {
  const parts = [m.subject];
  if (m.quantifier) parts.push(m.quantifier);
  if (m.field) parts.push(m.field);
  return parts.join(" ");
}

function subjectOf(obs: Observation, name: string): Subject | string {
  const list = (items: Item[], ordered = false): Subject => ({ kind: "list", items, ordered });
  // `because` is judged against the reasons in judge(); any probe that carries reasons supports it.
  if (name === "because" && "reasons" in obs) return list(obs.reasons);
  const scalar = (value: string | number | undefined): Subject => ({ kind: "scalar", value });
  const flag = (value: boolean): Subject => ({ kind: "flag", value });
  switch (obs.kind) {
    case "dns":
      switch (name) {
        case "rcode":
          return scalar(obs.rcode);
        case "flags":
          return list(obs.flags);
        case "answer":
        case "count":
          return list(obs.answer);
        case "authority":
          return list(obs.authority);
        case "additional":
          return list(obs.additional);
        case "ttl":
          return list(obs.answer.map((r) => r.ttl));
        case "size":
          return scalar(obs.size);
        case "timeout":
          return flag(obs.timeout);
        case "refused":
          return flag(obs.refused ?? false);
      }
      break;
    case "resolve":
      switch (name) {
        case "tries":
          return list(
            obs.tries.map((t) => ({ ...t })),
            true,
          );
        case "answer":
        case "count":
          return list(obs.answer);
        case "rcode":
          return scalar(obs.rcode);
        case "source":
          return scalar(obs.source);
        case "timeout":
          return flag(obs.rcode === "TIMEOUT");
        case "canonical-name":
          return scalar(obs.canonicalName);
        case "elapsed":
          return scalar(obs.elapsedMs);
      }
      break;
    case "resolv-conf":
      switch (name) {
        case "search":
          return list(obs.search, true);
        case "nameserver":
        case "nameservers":
        case "count":
          return list(obs.nameservers, true);
        case "options":
          return list(obs.options);
        case "text":
          return scalar(obs.text);
        case "warnings":
          return list(obs.warnings);
      }
      break;
    case "hosts":
      switch (name) {
        case "entries":
        case "count":
          return list(obs.entries.map((e) => `${e.ip} ${e.names.join(" ")}`));
        case "text":
          return scalar(obs.text);
      }
      break;
    case "endpoints": {
      const addrs = (pred: (ready: boolean) => boolean) =>
        obs.endpoints.filter((e) => pred(e.ready)).flatMap((e) => e.addresses);
      switch (name) {
        case "endpoints":
        case "addresses":
        case "count":
          return list(addrs(() => true));
        case "ready-addresses":
          return list(addrs((r) => r));
        case "not-ready-addresses":
          return list(addrs((r) => !r));
        case "ports":
          return list(obs.ports.map((p) => `${p.port}/${p.protocol}`));
      }
      break;
    }
    case "connect":
      switch (name) {
        case "allowed":
        case "refused":
        case "timeout":
        case "rejected":
        case "denied":
          return flag(obs.verdict === name);
        case "lands-on":
          return scalar(obs.landedOn);
        case "candidates":
        case "count":
          return list(obs.candidates);
        case "source-ip":
          return scalar(obs.sourceIp);
        case "destination-ip":
          return scalar(obs.destinationIp);
        case "because":
          return list(obs.reasons);
        case "hops":
          return list(
            obs.hops.map((h) => ({ ...h })),
            true,
          );
      }
      break;
    case "object": {
      if (name === "exists") return flag(obs.object !== undefined);
      const key = { "node-name": "nodeName", "cluster-ip": "clusterIP" }[name] ?? name;
      if (["phase", "ready", "reason", "nodeName", "ip", "clusterIP", "status"].includes(key))
        return scalar(obs.fields[name] ?? obs.fields[key]);
      break;
    }
    case "coredns":
      switch (name) {
        case "status":
          return scalar(obs.status);
        case "ready":
          return flag(obs.ready);
        case "replicas":
          return scalar(obs.replicas);
        case "ready-replicas":
          return scalar(obs.readyReplicas);
        case "log":
        case "count":
          return list(obs.log);
      }
      break;
    case "apply":
      if (name === "accepted") return flag(obs.accepted);
      if (name === "rejected") return flag(!obs.accepted);
      if (name === "message") return scalar(obs.message);
      break;
    case "reach":
      return `reach expectations are judged as a table, not by subject "${name}"`;
  }
  return `unknown subject "${name}" for a ${obs.kind} expectation`;
}

async function judge(
  m: Matcher,
  subject: Subject,
  obs: Observation,
  resolveValue: ValueResolver,
): Promise<Omit<Verdict, "subject">> {
  // `denied by ingress`: the flag plus the direction.
  if (obs.kind === "connect" && m.subject === "denied") {
    const by = m.value ? await flatStrings(m.value, resolveValue) : [];
    const ok = obs.verdict === "denied" && (by.length === 0 || by.includes(obs.deniedBy ?? ""));
    const actual =
      obs.verdict === "denied" ? `denied${obs.deniedBy ? ` by ${obs.deniedBy}` : ""}` : obs.verdict;
    return { ok, expected: by.length ? `denied by ${by.join(",")}` : "denied", actual };
  }
  // `because "..."`: the target's reasons (engine explanations) mention every given text.
  if ((obs.kind === "connect" || obs.kind === "dns" || obs.kind === "resolve") && m.subject === "because") {
    const wanted = m.value ? await flatStrings(m.value, resolveValue) : [];
    const ok = wanted.every((w) => obs.reasons.some((r) => r.includes(w)));
    return {
      ok: m.op === "lacks" ? !ok : ok,
      expected: wanted.map(quote).join(", "),
      actual: obs.reasons.join("; ") || "(no reasons)",
    };
  }
  if (obs.kind === "connect" && m.subject === "lands-on") {
    const allowed = m.value ? await flatStrings(m.value, resolveValue) : [];
    const landed = obs.landedOn ?? "";
    return {
      ok: landed !== "" && allowed.includes(landed),
      expected: `one of [${allowed.join(", ")}]`,
      actual: landed || "(nowhere)",
    };
  }
  if (subject.kind === "flag") {
    if (m.value === undefined)
      return {
        ok: subject.value,
        expected: m.subject,
        actual: subject.value ? m.subject : describeFlagActual(obs),
      };
    const want = (await flatStrings(m.value, resolveValue))[0];
    const ok = compareScalar(m.op, String(subject.value), want ?? "true");
    return { ok, expected: `${m.op} ${want}`, actual: String(subject.value) };
  }
  if (subject.kind === "scalar") {
    if (m.field) throw new Error(`"${m.subject}" has no field "${m.field}"`);
    const actual = subject.value === undefined ? "(none)" : String(subject.value);
    if (!m.value) throw new Error(`"${m.subject}" needs a value`);
    const wanted = await flatStrings(m.value, resolveValue);
    if (m.op === "matches") {
      const ok = subject.value !== undefined && new RegExp(wanted[0] ?? "").test(actual);
      return { ok, expected: `matches /${wanted[0]}/`, actual };
    }
    if (m.op === "has" || m.op === "lacks") {
      const hit = subject.value !== undefined && wanted.every((w) => actual.includes(w));
      return { ok: m.op === "has" ? hit : !hit, expected: `${m.op} ${wanted.map(quote).join(", ")}`, actual };
    }
    // A set of candidates (`cluster-ip(...)`) compares equal when the observed value is one of them.
    const ok =
      subject.value !== undefined &&
      (m.op === "==" || m.op === "is"
        ? wanted.includes(actual)
        : m.op === "!="
          ? !wanted.includes(actual)
          : compareScalar(m.op, actual, wanted[0] ?? ""));
    return { ok, expected: `${m.op === "is" ? "==" : m.op} ${wanted.join(", ")}`, actual };
  }
  return judgeList(m, subject, obs, resolveValue);
}

async function judgeList(
  m: Matcher,
  subject: { kind: "list"; items: Item[]; ordered?: boolean },
  obs: Observation,
  resolveValue: ValueResolver,
): Promise<Omit<Verdict, "subject">> {
  const items = subject.items;
  const actualText = items.length ? items.map(showItem).join(", ") : "(empty)";
  if (m.subject === "count" || m.field === "count") {
    const want = m.value ? Number((await flatStrings(m.value, resolveValue))[0]) : NaN;
    return {
      ok: compareScalar(m.op, items.length, want),
      expected: `count ${m.op} ${want}`,
      actual: `count ${items.length} (${actualText})`,
    };
  }
  if (m.field) {
    const want = m.value ? ((await flatStrings(m.value, resolveValue))[0] ?? "") : "";
    const values = items.map((i) => fieldOf(i, m.field!));
    const test = (v: string | undefined) => v !== undefined && compareScalar(m.op, v, want);
    const q = m.quantifier ?? "all";
    const ok =
      q === "all"
        ? values.length > 0 && values.every(test)
        : q === "any"
          ? values.some(test)
          : !values.some(test);
    return {
      ok,
      expected: `${q} ${m.field} ${m.op} ${want}`,
      actual: values.map((v) => v ?? "(none)").join(", ") || "(empty)",
    };
  }
  if (m.op === "matches") {
    const re = new RegExp(m.value ? ((await flatStrings(m.value, resolveValue))[0] ?? "") : "");
    return {
      ok: items.some((i) => re.test(showItem(i))),
      expected: `a line matching /${re.source}/`,
      actual: actualText,
    };
  }
  // The ttl subject compares every answer TTL against a number.
  if (obs.kind === "dns" && m.subject === "ttl") {
    const want = m.value ? ((await flatStrings(m.value, resolveValue))[0] ?? "") : "";
    const ok =
      items.length > 0 && items.every((t) => compareScalar(m.op === "is" ? "==" : m.op, String(t), want));
    return { ok, expected: `every ttl ${m.op} ${want}`, actual: actualText };
  }
  if (!m.value) throw new Error(`"${m.subject}" needs a value`);
  const wanted = await expectedItems(m.value, resolveValue);
  const matches = (item: Item, w: Wanted) => w.test(item);
  const expectedText = wanted.map((w) => w.text).join(", ") || "(empty)";
  switch (m.op) {
    case "has": {
      const ok = wanted.every((w) => items.some((i) => matches(i, w)));
      return { ok, expected: `has ${expectedText}`, actual: actualText };
    }
    case "lacks": {
      const ok = wanted.every((w) => !items.some((i) => matches(i, w)));
      return { ok, expected: `lacks ${expectedText}`, actual: actualText };
    }
    case "==":
    case "is":
    case "!=": {
      let eq: boolean;
      if (subject.ordered && (m.subject === "tries" || m.subject === "hops" || m.subject === "search")) {
        eq = items.length === wanted.length && wanted.every((w, i) => matches(items[i]!, w));
      } else {
        // Order-insensitive set equality: every expected item observed and every observed item expected.
        eq =
          wanted.every((w) => items.some((i) => matches(i, w))) &&
          items.every((i) => wanted.some((w) => matches(i, w)));
      }
      return {
        ok: m.op === "!=" ? !eq : eq,
        expected: `${m.op === "!=" ? "!= " : ""}${expectedText}`,
        actual: actualText,
      };
    }
    default:
      throw new Error(`operator "${m.op}" does not apply to the list "${m.subject}"`);
  }
}

interface Wanted {
  text: string;
  test(item: Item): boolean;
}

async function expectedItems(value: Value, resolveValue: ValueResolver): Promise<Wanted[]> {
  if (value.kind === "list")
    return (await Promise.all(value.items.map((v) => expectedItems(v, resolveValue)))).flat();
  if (value.kind === "try") {
    return [
      {
        text: `${value.qtype ? `${value.qtype} ` : ""}${value.name} ${value.rcode}`,
        test: (i) =>
          isObj(i) &&
          i.name === value.name &&
          i.rcode === value.rcode &&
          (!value.qtype || i.type === value.qtype),
      },
    ];
  }
  if (value.kind === "hop") {
    return [
      {
        text: [value.hop, ...value.args].join(" "),
        test: (i) =>
          isObj(i) && i.hop === value.hop && value.args.every((a, k) => (i.args as string[])[k] === a),
      },
    ];
  }
  if (value.kind === "record") {
    const args = (await Promise.all(value.args.map((a) => flatStrings(a, resolveValue)))).map(
      (a) => a[0] ?? "",
    );
    const type = value.rrtype.toUpperCase();
    if (type === "ENTRY") {
      // entry(ip, name...) is an /etc/hosts line: same address and the same names, in order.
      const line = args.join(" ");
      return [
        {
          text: `entry(${args.map(quote).join(", ")})`,
          test: (i) => typeof i === "string" && i.split(/\s+/).join(" ") === line,
        },
      ];
    }
    // a("owner.", ip) carries the owner; a(ip) only data. For other types every arg is rdata.
    const hasOwner = (type === "A" || type === "AAAA") && args.length === 2;
    const owner = hasOwner ? args[0] : undefined;
    const data = (hasOwner ? args.slice(1) : args).join(" ");
    return [
      {
        text: `${value.rrtype}(${args.map(quote).join(", ")})`,
        test: (i) =>
          isRecord(i) &&
          i.type === type &&
          (owner === undefined || sameName(i.name, owner)) &&
          // soa("zone.") names the zone the SOA is owned by (the negative-answer authority).
          (type === "SOA"
            ? sameName(i.name, data)
            : type === "TXT"
              ? i.data === quote(data) || i.data === data
              : sameData(i.data, data)),
      },
    ];
  }
  if (value.kind === "quantified") return expectedItems(value.value, resolveValue);
  const strings = await flatStrings(value, resolveValue);
  return strings.map((s) => ({ text: s, test: (i) => sameData(showPlain(i), s) }));
}

async function flatStrings(value: Value, resolveValue: ValueResolver): Promise<string[]> {
  switch (value.kind) {
    case "string":
    case "ident":
      return [value.value];
    case "number":
      return [String(value.value)];
    case "duration":
      return [String(value.ms)];
    case "list":
      return (await Promise.all(value.items.map((v) => flatStrings(v, resolveValue)))).flat();
    case "quantified":
      return flatStrings(value.value, resolveValue);
    case "ref":
    case "selection":
      return resolveValue(value);
    case "try":
      return [`${value.name} ${value.rcode}`];
    case "hop":
      return [[value.hop, ...value.args].join(" ")];
    case "record":
      return [`${value.rrtype}(...)`];
  }
}

function fieldOf(item: Item, field: string): string | undefined {
  if (isRecord(item)) {
    const parts = item.data.split(" ");
    const byType: Record<string, Record<string, number>> = {
      SRV: { priority: 0, weight: 1, port: 2, target: 3 },
      MX: { priority: 0, target: 1 },
    };
    if (field === "name" || field === "type" || field === "data") return item[field];
    if (field === "ttl") return String(item.ttl);
    if (field === "address" && (item.type === "A" || item.type === "AAAA")) return item.data;
    const idx = byType[item.type]?.[field];
    if (idx !== undefined) return parts[idx];
    if (field === "target" && (item.type === "CNAME" || item.type === "PTR" || item.type === "NS"))
      return item.data;
    return undefined;
  }
  if (isObj(item)) return item[field] === undefined ? undefined : String(item[field]);
  return undefined;
}

function compareScalar(op: string, actual: string | number, want: string | number): boolean {
  const a = Number(actual),
    w = Number(want);
  const numeric = !Number.isNaN(a) && !Number.isNaN(w) && String(actual) !== "" && String(want) !== "";
  switch (op) {
    case "==":
    case "is":
      return numeric ? a === w : String(actual) === String(want);
    case "!=":
      return numeric ? a !== w : String(actual) !== String(want);
    case "<":
      return numeric && a < w;
    case "<=":
      return numeric && a <= w;
    case ">":
      return numeric && a > w;
    case ">=":
      return numeric && a >= w;
    default:
      throw new Error(`operator "${op}" does not apply to a single value`);
  }
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\.$/, "") === b.toLowerCase().replace(/\.$/, "");
}
function sameData(a: string, b: string): boolean {
  return a === b || sameName(a, b);
}
function isRecord(i: Item): i is RecordObs {
  return typeof i === "object" && i !== null && "data" in i && "ttl" in i && "type" in i;
}
function isObj(i: Item): i is Record<string, unknown> {
  return typeof i === "object" && i !== null;
}
function showPlain(i: Item): string {
  return isRecord(i) ? i.data : isObj(i) ? JSON.stringify(i) : String(i);
}
function showItem(i: Item): string {
  if (isRecord(i)) return `${i.name} ${i.ttl} ${i.type} ${i.data}`;
  if (isObj(i) && "hop" in i) return [i.hop, ...((i.args as string[]) ?? [])].join(" ");
  if (isObj(i) && "rcode" in i) return `${i.type} ${i.name} ${i.rcode}`;
  return showPlain(i);
}
function quote(s: string): string {
  return JSON.stringify(s);
}
function describeFlagActual(obs: Observation): string {
  if (obs.kind === "connect") return obs.verdict + (obs.deniedBy ? ` by ${obs.deniedBy}` : "");
  if (obs.kind === "dns") return obs.timeout ? "timeout" : `reply ${obs.rcode}`;
  if (obs.kind === "resolve") return obs.rcode;
  if (obs.kind === "object") return obs.object ? "exists" : "absent";
  return "false";
}
