/**
 * Observations: what a target reports for a probe. Every target (reference, kind, cluster, local)
 * produces these same shapes so one set of matchers judges them all and the parity table can compare
 * them. Record data is in presentation format (as dig prints it) so dig output parses into it directly.
 */

/** One resource record, dig-style: `name ttl class type data`. Names are FQDNs with a trailing dot. */
export interface RecordObs {
  name: string;
  ttl: number;
  class: string;
  type: string;
  /** Presentation rdata: `10.96.0.1`, `0 50 1234 foo.bar.default.svc.cluster.local.`, `"1.1.0"`. */
  data: string;
}

export interface DnsObs {
  kind: "dns";
  /** The server the query went to (`10.96.0.10:53`). */
  server: string;
  transport: "udp" | "tcp";
  /** No reply before the client gave up. All other fields are then empty. */
  timeout: boolean;
  /**
   * No reply because an ICMP port unreachable came back (dig: "communications error ... connection
   * refused"): kube-proxy REJECTs a Service without endpoints. Optional for targets that cannot tell.
   */
  refused?: boolean;
  rcode: string;
  /** Header flags that were set: `qr aa tc rd ra ad cd`. */
  flags: string[];
  question: { name: string; type: string; class: string }[];
  answer: RecordObs[];
  authority: RecordObs[];
  additional: RecordObs[];
  /** EDNS0 UDP payload size the server advertised, if it sent an OPT record. */
  ednsUdpSize?: number;
  /** The reply's OPT record (absent when it sent none): what `edns ...` matchers judge. */
  edns?: EdnsObs;
  /** `repeat N`: every reply, in order (this observation's own fields are the last one's). */
  replies?: DnsObs[];
  /** Size of the reply on the wire. */
  size?: number;
  elapsedMs: number;
  /** Engine reasons: which plugin answered, cache hit, ... (reference target only). */
  reasons: string[];
  /** `namespace/pod` of the CoreDNS replica that answered (reference target only). */
  answeredBy?: string;
}

/** A reply's OPT record, as dig prints its pseudosection (`; EDNS: version: 0, flags: do; udp: 1232`). */
export interface EdnsObs {
  udp: number;
  do: boolean;
  /** RFC 5001 NSID as text (dig: `; NSID: 63 6f ... ("coredns")`). */
  nsid?: string;
  /** RFC 8914 extended DNS errors, in order: INFO-CODE and EXTRA-TEXT. */
  ede: { code: number; text?: string }[];
  /**
   * The other options, in order, when there are any: code and data in hex (dig: `; OPT=65518: 61 62
   * 63 ("abc")`), e.g. what plugin/rewrite's edns0 local rules put in the request and CoreDNS echoes.
   */
  options?: { code: number; hex: string }[];
}

/** One query a stub resolver sent, in order. */
export interface ResolveTry {
  name: string;
  type: string;
  server: string;
  transport: "udp" | "tcp";
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, ..., or `TIMEOUT`. */
  rcode: string;
  answers: number;
  elapsedMs: number;
}

export interface ResolveObs {
  kind: "resolve";
  libc: string;
  /** Where the final answer came from. */
  source: "hosts" | "dns" | "none";
  /** Final addresses (A/AAAA data), in resolver order. */
  answer: string[];
  /** Final status as getaddrinfo would report it: NOERROR, NXDOMAIN, NODATA, SERVFAIL, TIMEOUT. */
  rcode: string;
  /** The canonical name the answer was found under (FQDN with trailing dot). */
  canonicalName?: string;
  tries: ResolveTry[];
  elapsedMs: number;
  reasons: string[];
}

export interface ResolvConfObs {
  kind: "resolv-conf";
  nameservers: string[];
  search: string[];
  options: string[];
  /** The file as kubelet writes it. */
  text: string;
  /** kubelet warnings (DNSConfigForming) about entries it dropped. */
  warnings: string[];
}

export interface HostsObs {
  kind: "hosts";
  entries: { ip: string; names: string[] }[];
  text: string;
}

export interface EndpointObs {
  addresses: string[];
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  hostname?: string;
  nodeName?: string;
  /** `ns/name` of the pod behind the endpoint. */
  targetRef?: string;
}

export interface EndpointsObs {
  kind: "endpoints";
  endpoints: EndpointObs[];
  ports: { name?: string; port: number; protocol: string }[];
}

export interface HopObs {
  /** `pod`, `node`, `service-dnat`, `policy-egress`, `policy-ingress`, `snat`, `route`, `drop`, ... */
  hop: string;
  /** The hop's subject and verdict, e.g. [`x/allow-from-y`, `allow`]. */
  args: string[];
  detail: string;
}

export interface ConnectObs {
  kind: "connect";
  verdict: "allowed" | "denied" | "refused" | "timeout" | "rejected";
  /** For `denied`: which direction's policy dropped it. */
  deniedBy?: "ingress" | "egress";
  /** `ns/name` of the pod the connection landed on. */
  landedOn?: string;
  /** Every backend the translation could have picked (`ns/name`). */
  candidates: string[];
  /** Source IP as the destination saw it (after SNAT). */
  sourceIp?: string;
  destinationIp?: string;
  hops: HopObs[];
  reasons: string[];
}

export interface ReachObs {
  kind: "reach";
  pods: string[];
  /** observed[from][to]: true allowed, false denied, null not scored (self). */
  allowed: (boolean | null)[][];
  reasons: string[];
}

export interface ObjectObs {
  kind: "object";
  /** The object as the API would return it (plain JSON), or undefined if it does not exist. */
  object?: Record<string, unknown>;
  /** Convenience fields: `phase`, `ready`, `reason`, `nodeName`, `ip`, `clusterIP`, `status`. */
  fields: Record<string, string>;
}

/** What the API said to a submitted manifest set (`expect apply`). */
export interface ApplyObs {
  kind: "apply";
  accepted: boolean;
  /** The rejection as the API server words it (field path, file and line), empty when accepted. */
  message: string;
}

export interface CorednsObs {
  kind: "coredns";
  /** `Running`, `CrashLoopBackOff`, `NotReady`. */
  status: string;
  ready: boolean;
  replicas: number;
  readyReplicas: number;
  log: string[];
}

export type Observation =
  | DnsObs
  | ResolveObs
  | ResolvConfObs
  | HostsObs
  | EndpointsObs
  | ConnectObs
  | ReachObs
  | ObjectObs
  | CorednsObs
  | ApplyObs;

/** An address and the object it belongs to, as the parity table and the differential tester name it. */
export interface AddressOwner {
  /** `cluster-ip(service ns/n)`, `ip(pod ns/n)` or `ip(pod of deployment ns/n)` (runner/parity/owners.ts). */
  symbol: string;
  ip: string;
  /** A workload pod's generated name and how it is written instead (`name(pod of deployment ns/n)`). */
  name?: string;
  nameSymbol?: string;
}
