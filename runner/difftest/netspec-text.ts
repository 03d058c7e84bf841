/**
 * A disagreement as a `.netspec` file a person can run: the case's cluster, Corefile, upstream world
 * and manifests, and one expectation holding the reference target's answer — so running it with
 * `--target local` fails exactly where the two disagree.
 */
import type { DnsObs, RecordObs } from "../observation.js";
import { corefileFor, UPSTREAM, type Query, type Scenario } from "./generate.js";

const indent = (text: string, n: number) =>
  text
    .split("\n")
    .map((l) => (l ? " ".repeat(n) + l : l))
    .join("\n");

/**
 * A name as the language writes it: quoted, or — when it holds an address book's symbol
 * (address-book.ts) — in parts with the symbolic part first (`dashed-ip(pod ns/n).s.ns.svc…`).
 */
export function nameText(name: string): string | undefined {
  const sym = name
    .replace(
      /^reverse\((?:ip\(pod|cluster-ip\(service) ([^)]+)\)\)\.?/,
      (_m, ref: string) => `reverse-name(${name.startsWith("reverse(ip(") ? "pod" : "service"} ${ref})`,
    )
    .replace(/^dashed\(ip\(pod ([^)]+)\)\)/, "dashed-ip(pod $1)");
  if (sym === name) return /[()]/.test(name) ? undefined : JSON.stringify(name);
  // Only a leading symbolic part can be written; anything else stays unrepresentable.
  return /[()]/.test(sym.replace(/^[a-z-]+\([^)]*\)/, "")) ? undefined : sym;
}

function recordValue(r: RecordObs): string | undefined {
  const q = (s: string) => JSON.stringify(s);
  const f = r.data.split(" ");
  if (r.type !== "A" && /[()]/.test(r.data)) return undefined;
  switch (r.type) {
    case "A": {
      const name = nameText(r.name);
      // The address is a literal or its owner's value function (ip(pod …), cluster-ip(service …)).
      return name && `a(${name}, ${r.data})`;
    }
    case "AAAA":
      return `aaaa(${q(r.name)}, ${q(r.data)})`;
    case "SRV":
      return `srv(${f[0]}, ${f[1]}, ${f[2]}, ${q(f[3]!)})`;
    case "CNAME":
      return `cname(${q(r.data)})`;
    case "PTR":
      return `ptr(${q(r.data)})`;
    case "NS":
      return `ns(${q(r.data)})`;
    case "TXT":
      return `txt(${q(r.data.replace(/^"|"$/g, ""))})`;
    case "SOA":
      return `soa(${q(r.name)})`;
    default:
      return undefined;
  }
}

export function reproduction(
  s: Scenario,
  query: Query,
  /** The reference's answer, its addresses written as their owners (AddressBook.observation). */
  reference: DnsObs,
  differences: string[],
  /** Questions asked before, with the reference's rcode: they fill caches the answer depends on. */
  before: { q: Query; rcode: string }[] = [],
): string {
  const records = reference.answer.map(recordValue);
  const answer = records.every(Boolean)
    ? `answer == [${records.join(", ")}]`
    : `answer count == ${reference.answer.length}`;
  const expectation = reference.timeout ? "timeout" : `rcode ${reference.rcode}\n      ${answer}`;
  const asked = (q: Query) =>
    q.about
      ? q.about.form === "reverse"
        ? `reverse-name(${q.about.symbol.startsWith("ip(") ? "pod" : "service"} ${q.about.symbol.replace(/^[a-z-]+\((?:pod|service) ([^)]+)\)$/, "$1")})`
        : `dashed-ip(pod ${q.about.symbol.replace(/^ip\(pod ([^)]+)\)$/, "$1")}).${q.about.namespace}.pod.cluster.local`
      : q.name;
  return `# Differential case ${s.id}: the reference and local targets disagree on
#   dig ${query.name} ${query.type}
${differences.map((d) => `#   ${d.replaceAll("\n", "\n#   ")}`).join("\n")}
# Reproduce: netspec run --target reference --target local THIS_FILE
upstream {
${UPSTREAM.map((u) => `  ${u.name} ${u.type} ${u.data}`).join("\n")}
}

suite "difftest ${s.id}" {
  cluster kubeadm {
    nodes 3
    corefile """
${indent(corefileFor(s.kubernetesOptions).trimEnd(), 6)}
    """
  }
  apply """
${indent(s.documents.join("\n---\n"), 4)}
  """

  test "${query.type} ${query.name}" {
${before.map((b) => `    expect dns ${b.q.type} ${asked(b.q)} { ${b.rcode === "TIMEOUT" ? "timeout" : `rcode ${b.rcode}`} }\n`).join("")}    expect dns ${query.type} ${asked(query)} {
      ${expectation}
    }
  }
}
`;
}
