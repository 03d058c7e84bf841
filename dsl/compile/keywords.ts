/**
 * The words of the language that are neither statement heads nor values: matcher subjects (from the
 * probes' subject lists in the statement table), matcher operators and quantifiers, and the words
 * that join a statement's parts (`from`, `to`, `port`, `where`, …). The language server hovers on
 * them, so every word a spec is written with has a hover.
 */
import type { LanguageEntry } from "./language.js";
import { PROBES } from "./table.js";

/** What a subject stands for, where the name alone does not say it. */
const SUBJECT_MEANING: Record<string, string> = {
  rcode: "the reply's response code (NOERROR, NXDOMAIN, SERVFAIL, …)",
  answer: "the records of the answer section (DNS) or the addresses found (resolve)",
  authority: "the records of the authority section (the SOA of a negative answer)",
  additional: "the records of the additional section (glue addresses of SRV targets)",
  flags: "the reply's header flags (qr, aa, tc, rd, ra, ad, cd)",
  ttl: "the TTL of every answer record",
  size: "the reply's size in bytes",
  timeout: "no reply came (a flag)",
  refused: "the query was refused (ICMP port unreachable, a flag)",
  because: "the reasons the observation carries (which plugin answered, which policy decided)",
  count: "the number of items (answer count == 2)",
  tries: "the queries a resolver sent, in order, each with its rcode",
  source: "where the resolver found the answer: hosts, dns or none",
  "canonical-name": "the canonical name the resolver ended on",
  elapsed: "how long the resolver took, in ms",
  allowed: "the connection was let through (a flag)",
  denied: "a NetworkPolicy dropped the connection (a flag; `denied by ingress|egress`)",
  "lands-on": "the pod a connection reached (kube-proxy's choice)",
  hops: "the hops a packet took (DNAT, policy, delivery)",
  accepted: "the API admitted the manifests (a flag)",
  rejected:
    "a connection: kube-proxy rejected it (no endpoints; nftables mode: a port the cluster IP does not serve). expect apply: the API refused the manifests (a flag)",
  message: "the API's message about the manifests",
  soa: "the SOA record of the reply (answer, else authority), judged by field: `soa serial == 12`, `soa minimum <= 30` (mname rname serial refresh retry expire minimum)",
  edns: 'the reply\'s OPT record: `edns` (present), `edns udp == 1232`, `edns do == true`, `edns nsid == "x"`, `edns ede has 18`, `edns ede-text matches "…"`',
};

const WORDS: readonly [string, string, string][] = [
  ["from", "from SOURCE", "where a probe is made from: pod NS/NAME, node NAME or external [IP]."],
  ["to", "to DESTINATION", "what a connection goes to: pod, service, name, ip or node."],
  ["port", "port PORT", "the destination port: a number, NUMBER/PROTOCOL or a port name."],
  ["pod", "pod NS/NAME", "a pod, by namespace/name (namespace default when only a name is given)."],
  ["service", "service NS/NAME", "a service, by namespace/name."],
  ["node", "node NAME", "a node of the cluster."],
  ["external", "external [IP]", "a client outside the cluster."],
  ["pods", "pods NS where K=V", "the pods of a namespace whose labels match (in ips()/any())."],
  ["where", "where K=V, ...", "a label selector on pods."],
  ["file", 'file "PATH"', "a manifest or Corefile file, relative to the spec."],
  ["dir", 'dir "PATH"', "every .yaml/.yml/.json file of a folder, sorted by name."],
  ["among", "among POD, ...", "the pods a reach table is over, in order."],
  ["server", "server IP[:PORT]", "the DNS server to ask instead of the pod's first nameserver."],
  ["bufsize", "bufsize N", "EDNS0 UDP size to advertise."],
  ["tcp", "tcp", "send the DNS query over TCP."],
  [
    "class",
    "class IN|CH|HS|ANY",
    "the question's class (CH for `version.bind`, `hostname.bind`, `id.server`).",
  ],
  ["nsid", "nsid", "carry an empty NSID option (dig +nsid): a server running `nsid` answers with its id."],
  [
    "repeat",
    "repeat N",
    "send the same query N times: every matcher holds for every reply; `answer order varies|steady` compares them.",
  ],
  ["in", "SUBJECT in order == [VALUE, ...]", "the list holds exactly these items in this order."],
  ["first", "SUBJECT first [FIELD] OP VALUE", "the list's first item (`answer first type == CNAME`)."],
  [
    "varies",
    "answer order varies | answer first varies",
    "across a `repeat N` probe's replies, the order (or the first item) is not always the same.",
  ],
  [
    "steady",
    "answer order steady | answer first steady",
    "across a `repeat N` probe's replies, the order (or the first item) never changes.",
  ],
  ["by", "denied by ingress|egress", "which side's policy denied the connection."],
  ["has", "SUBJECT has VALUE", "the list holds every value given."],
  ["lacks", "SUBJECT lacks VALUE", "the list holds none of the values given."],
  ["matches", 'SUBJECT matches "REGEX"', "an item (or the value) matches the regular expression."],
  ["all", "SUBJECT all FIELD OP VALUE", "every item's field satisfies the comparison."],
  ["any", "SUBJECT any FIELD OP VALUE | any(VALUES)", "at least one item satisfies it."],
  ["none", "SUBJECT none FIELD OP VALUE", "no item satisfies it."],
  ["==", "SUBJECT == VALUE", "equal (lists: the same items, in any order; tries and hops in order)."],
  ["!=", "SUBJECT != VALUE", "not equal."],
];

/** Every subject of every probe, and the joining words and operators, as hover entries. */
export const KEYWORDS: readonly LanguageEntry[] = [
  ...[...new Set(PROBES.flatMap((p) => (p.subjects === "unchecked" ? [] : p.subjects)))].map(
    (s): LanguageEntry => {
      const probes = PROBES.filter((p) => p.subjects !== "unchecked" && p.subjects.includes(s));
      return {
        word: s,
        category: "subject",
        syntax: s,
        summary: `${SUBJECT_MEANING[s] ? `${SUBJECT_MEANING[s]}; a` : "A"} matcher subject of ${probes.map((p) => `\`expect ${p.head}\``).join(", ")}.`,
      };
    },
  ),
  ...WORDS.map(([word, syntax, summary]): LanguageEntry => ({ word, category: "subject", syntax, summary })),
];
