/**
 * The value functions (`ip(pod ns/a)`, `ips(pods ns where k=v)`, `any(...)`, `a("name.", ip)`):
 * what each is, how it is written and what it means. Symbolic ones are resolved by the target at run
 * time; records are compared with the observed answer.
 */

export type FunctionKind = "ref" | "selection" | "quantified" | "record";

export interface FunctionSpec {
  readonly name: string;
  readonly kind: FunctionKind;
  readonly syntax: string;
  readonly summary: string;
}

const refFn = (name: string, syntax: string, summary: string): FunctionSpec => ({
  name,
  kind: "ref",
  syntax,
  summary,
});
const recordFn = (name: string, syntax: string): FunctionSpec => ({
  name,
  kind: "record",
  syntax,
  summary: `\`${syntax}\`: a ${name === "entry" ? "hosts file entry" : `${name.toUpperCase()} record`}, compared with what was observed.`,
});

/** In the order the "did you mean" list offers them. */
export const FUNCTIONS: readonly FunctionSpec[] = [
  refFn("ip", "ip(pod NS/NAME)", "the pod's IPs, resolved by the target at run time."),
  refFn(
    "cluster-ip",
    "cluster-ip(service NS/NAME)",
    "the service's cluster IPs, resolved by the target at run time.",
  ),
  refFn("node-ip", "node-ip(node NAME)", "the node's InternalIP."),
  refFn("name", "name(pod NS/NAME)", "the pod's `ns/name`, for lands-on and candidates."),
  refFn("fqdn", "fqdn(service NS/NAME)", "the service's cluster DNS name, with the trailing dot."),
  refFn("pod-cidr", "pod-cidr(node NAME)", "the node's pod CIDR."),
  refFn("external-ip", "external-ip(service NS/NAME)", "the service's external (load-balancer) IP."),
  refFn(
    "dashed-ip",
    "dashed-ip(pod NS/NAME) | dashed-ip(ADDRESS)",
    "the pod's primary IP (or every address of `ip(...)`, `cluster-ip(...)`, `node-ip(...)`, `external-ip(...)`, an IP) as one DNS label (`10-244-1-9`, IPv6 `:` as `-`), the form of pod A records and headless endpoint names; write it right before the rest of a name: `dashed-ip(pod p/web).p.pod.cluster.local`.",
  ),
  refFn(
    "reverse-name",
    "reverse-name(pod NS/NAME) | reverse-name(ADDRESS)",
    "the PTR query name of the pod's (or a service's) primary IP, with the trailing dot (`9.1.244.10.in-addr.arpa.`, IPv6 in ip6.arpa nibbles); of an address value (`reverse-name(cluster-ip(service a/b))`, `reverse-name(node-ip(node n))`, `reverse-name(10.96.0.1)`) it is one name per address, and a query asks the first.",
  ),
  {
    name: "ips",
    kind: "selection",
    syntax: "ips(pods NS where k=v)",
    summary: "the IPs of every matching pod.",
  },
  {
    name: "pods",
    kind: "selection",
    syntax: "pods(NS where k=v)",
    summary: "every matching pod (`ns/name`).",
  },
  { name: "any", kind: "quantified", syntax: "any(VALUE)", summary: "one of the values matches." },
  { name: "all", kind: "quantified", syntax: "all(VALUE)", summary: "every one of the values matches." },
  { name: "none", kind: "quantified", syntax: "none(VALUE)", summary: "no value matches." },
  recordFn("a", 'a("name.", IP)'),
  recordFn("aaaa", 'aaaa("name.", IP)'),
  recordFn("srv", 'srv(PRIO, WEIGHT, PORT, "target.")'),
  recordFn("cname", 'cname("target.")'),
  recordFn("ptr", 'ptr("target.")'),
  recordFn("txt", 'txt("text")'),
  recordFn("soa", 'soa("zone.")'),
  recordFn("ns", 'ns("name.")'),
  recordFn("mx", 'mx(PREF, "exchange.")'),
  recordFn("entry", 'entry(IP, "name", ...)'),
];

export function functionNamed(name: string): FunctionSpec | undefined {
  return FUNCTIONS.find((f) => f.name === name);
}
