/**
 * The Plan: what the runner executes. The compiler flattens the AST (suites, fixtures, imports) into
 * cases of ordered steps. Every step and matcher keeps the span it came from so a failure at run time
 * points at its source line. The Plan is plain data (JSON-serialisable): no functions, no classes.
 */
import type { Span } from "./span.js";

/** A whole run's input: one entry per `.netspec` file, in the order the files were given. */
export interface Plan {
  files: PlanFile[];
}

export interface PlanFile {
  /** Path as given on the command line (relative paths stay relative, for stable reports). */
  file: string;
  suites: PlanSuite[];
}

export interface PlanSuite {
  name: string;
  span: Span;
  tags: string[];
  cluster: ClusterSettings;
  /** The world outside the cluster, as the forward plugin and egress see it. */
  upstream: UpstreamRecord[];
  /** Steps every case of the suite starts with (suite-level `apply`, `use`, ...), in order. */
  setup: Step[];
  cases: PlanCase[];
}

export interface PlanCase {
  /** Stable id: `<file>::<suite>::<test>`. */
  id: string;
  name: string;
  suite: string;
  file: string;
  span: Span;
  /** Suite tags plus the test's own. */
  tags: string[];
  /** `test "x" skip "reason" { ... }`: reported as skipped with the reason. */
  skip?: string;
  /** The suite's setup followed by the test's own steps. */
  steps: Step[];
}

/** Cluster block settings. Anything unset takes the profile's default (see engine profiles). */
export interface ClusterSettings {
  profile: "kubeadm" | "kind" | "openshift" | "custom";
  span?: Span;
  nodes?: number;
  serviceCidrs?: string[];
  podCidrs?: string[];
  /** Per-node pod CIDR mask size (OpenShift's hostPrefix, kube-controller-manager's node-cidr-mask-size). */
  hostPrefix?: number;
  clusterDomain?: string;
  corefile?: ManifestText;
  /** OpenShift: the Network CR manifests the cluster is installed with (CIDRs, hostPrefix, networkType). */
  network?: ManifestText;
  /** Default dnsPolicy for pods that do not set one (the API default is ClusterFirst). */
  dnsPolicy?: "ClusterFirst" | "ClusterFirstWithHostNet" | "Default" | "None";
  /** Default stub resolver of pods (a pod may override with the netspec.io/resolver annotation). */
  resolver?: "glibc" | "musl";
  proxyMode?: "iptables" | "ipvs" | "nftables";
  /** NetworkPolicy implementation profile for known divergences (e.g. `calico`, `cilium`). */
  cni?: string;
  ipFamily?: "ipv4" | "ipv6" | "dual";
  /** The nodes' own /etc/resolv.conf (what `dnsPolicy: Default` pods and `forward . /etc/resolv.conf` use). */
  nodeResolvConf?: string;
  /** Free-form `key value` settings the profile may understand; unknown keys are a check error. */
  extra?: Record<string, string>;
  /** The Kubernetes release whose API rules admission follows (`1.31`; default: the local target's). */
  kubernetesVersion?: string;
}

/** YAML (or Corefile) text together with where it came from, so errors point into the right file. */
export interface ManifestText {
  /** The file the text is in (the `.netspec` file for inline blocks, the manifest file otherwise). */
  path: string;
  text: string;
  /** 1-based line of `path` on which `text` starts. */
  line: number;
  /** Columns of indentation stripped from every line of an inline block (0 for files). */
  column: number;
}

/** A line of the upstream world: `google.com A 142.250.80.46`, `broken.example SERVFAIL`, ... */
export interface UpstreamRecord {
  span: Span;
  name: string;
  type: string;
  /** Presentation-format rdata (`142.250.80.46`, `10 mail.example.com.`); empty for rcode lines. */
  data: string;
  ttl?: number;
  /** `NXDOMAIN` / `SERVFAIL` / `REFUSED` / `TIMEOUT` lines set an rcode for the name instead of data. */
  rcode?: string;
  /** `upstream "ADDR" { ... }`: only the upstream server at ADDR (`ip` or `ip:port`) holds it. */
  server?: string;
}

/** `ns/name` (namespace defaults to `default` when the user wrote only `name`). */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export type Step =
  ApplyStep | DeleteStep | LabelStep | PatchStep | ScaleStep | FaultStep | HealStep | WaitStep | ExpectStep;

interface StepBase {
  span: Span;
}

/** Manifests to apply. Files and directories are read by the loader, relative to the spec file. */
export interface ApplyStep extends StepBase {
  type: "apply";
  source: ApplySource;
}

/**
 * Where an `apply` step or an `expect apply` probe takes its manifests from. For `file` and `dir` the
 * loader has read the texts (`manifests`: the file, or the directory's `.yaml`/`.yml`/`.json` files
 * sorted by name); `path` is the resolved path as written, for messages and `--watch`.
 */
export type ApplySource =
  | { kind: "inline"; manifest: ManifestText }
  | { kind: "file"; path: string; manifests: ManifestText[] }
  | { kind: "dir"; path: string; manifests: ManifestText[] };

export interface DeleteStep extends StepBase {
  type: "delete";
  target: ObjectRef;
}

/** `label` / `annotate`: set `k=v`, remove `k-`. `podTemplate` edits a workload's template labels. */
export interface LabelStep extends StepBase {
  type: "label" | "annotate";
  target: ObjectRef;
  podTemplate?: boolean;
  set: Record<string, string>;
  remove: string[];
}

/** Field edits by dotted path (`spec.clusterIP`), or a YAML merge patch. */
export interface PatchStep extends StepBase {
  type: "patch";
  target: ObjectRef;
  ops: PatchOp[];
}

export type PatchOp =
  | { op: "set"; path: string; value: unknown; span: Span }
  | { op: "remove"; path: string; span: Span }
  | { op: "merge"; patch: ManifestText; span: Span };

export interface ScaleStep extends StepBase {
  type: "scale";
  target: ObjectRef;
  replicas: number;
}

export interface FaultStep extends StepBase {
  type: "fault";
  name: string;
  args: FaultArg[];
}

export interface HealStep extends StepBase {
  type: "heal";
  name: string;
}

/**
 * Positional (`1`, `30%`, `node worker-1`) or named (`delay=2s`) fault arguments, as written; a
 * `file=PATH` argument arrives read: key `text`, the file's text as value, and the path it came from.
 */
export interface FaultArg {
  key?: string;
  value: string;
  /** The file a `file=PATH` argument was read from (relative to the spec). */
  file?: string;
  span: Span;
}

/** Advance time (reference clock) or sleep (real targets). */
export interface WaitStep extends StepBase {
  type: "wait";
  ms: number;
}

export interface ExpectStep extends StepBase {
  type: "expect";
  probe: Probe;
  matchers: Matcher[];
  /** Known divergences: on a matching target the alternate matchers apply, or the case is skipped. */
  divergences: Divergence[];
  /** Real targets poll until this timeout (ms) and report the last mismatch. */
  within?: number;
}

/** `on kind(cni=cilium) "reason with link" { alternate matchers }` / `... skip`. */
export interface Divergence {
  span: Span;
  target: string;
  params: Record<string, string>;
  reason: string;
  matchers?: Matcher[];
  skip?: boolean;
}

export type Source =
  | { kind: "pod"; ref: ObjectRef; span: Span }
  | { kind: "node"; name: string; span: Span }
  | { kind: "external"; ip?: string; span: Span };

export type Destination =
  | { kind: "pod"; ref: ObjectRef; span: Span }
  | { kind: "service"; ref: ObjectRef; span: Span }
  | { kind: "name"; name: string; span: Span }
  | { kind: "ip"; ip: string; span: Span }
  | { kind: "node"; name: string; span: Span };

export type Protocol = "TCP" | "UDP" | "SCTP";

/** What an expectation observes. Each kind yields one observation shape (runner/observation.ts). */
export type Probe =
  | {
      kind: "dns";
      qtype: string;
      /** As written; when `qnameValue` is set the runner resolves that into the name to ask. */
      qname: string;
      /** A name with symbolic parts (`dashed-ip(pod p/web).p.pod.cluster.local`). */
      qnameValue?: Value;
      /** Default: the cluster DNS service queried from a plain pod in `default`. */
      from?: Source;
      transport?: "udp" | "tcp";
      /** `server 10.96.0.10:53`; default: the source's first nameserver. */
      server?: string;
      /** EDNS0 UDP size to advertise (`bufsize 4096`); absent = no EDNS0 (512-byte limit). */
      bufsize?: number;
      /** Set the DO bit / recursion desired. */
      flags?: string[];
      /** The question's class (`class CH`); absent = IN. */
      class?: string;
      /** Carry an empty NSID option (RFC 5001, dig's `+nsid`): servers running `nsid` answer with theirs. */
      nsid?: boolean;
      /**
       * `repeat N`: the same query sent N times; every matcher holds for every reply, and
       * `answer order varies|steady` / `answer first varies|steady` compare the replies.
       */
      repeat?: number;
    }
  | {
      kind: "resolve";
      /** As written; when `nameValue` is set the runner resolves that into the name to look up. */
      name: string;
      nameValue?: Value;
      qtype?: "A" | "AAAA" | "ANY";
      from: Source;
    }
  | { kind: "resolv-conf"; of: Source }
  | { kind: "hosts"; of: Source }
  | { kind: "endpoints"; service: ObjectRef }
  | { kind: "connect"; from: Source; to: Destination; port: number | string; protocol: Protocol }
  | { kind: "path"; from: Source; to: Destination; port: number | string; protocol: Protocol }
  | {
      kind: "reach";
      port: number | string;
      protocol: Protocol;
      /** Pods (rows/columns), in order; empty = every pod the table names. */
      pods: ObjectRef[];
      /** The expected table (row = from, column = to): true allowed, false denied, null = not scored. */
      expected: (boolean | null)[][];
      span: Span;
    }
  | { kind: "object"; ref: ObjectRef }
  | { kind: "coredns" }
  /**
   * `expect apply """yaml""" { rejected; message matches "spec.clusterIP" }`: submit manifests and
   * observe whether the API admits them. The runner hands the target `manifests` (the source's texts,
   * inline or read by the loader); the Plan itself leaves it unset.
   */
  | { kind: "apply"; source: ApplySource; manifests?: ManifestText[] };

/**
 * One assertion on a probe's observation: `answer == [...]`, `answer count == 3`, `answer all ttl <= 30`,
 * `rcode NXDOMAIN` (sugar for `rcode == NXDOMAIN`), `timeout`, `allowed`, `denied by ingress`,
 * `tries [...]`, `hops [...]`, `because "..."`. The runner interprets `subject` per probe kind.
 */
export interface Matcher {
  span: Span;
  subject: string;
  /** `count` (compare the number of items) or a record field (`ttl`, `weight`, `port`, `target`...). */
  field?: string;
  /** For a field on a list subject: every item (`all`), at least one (`any`) or none must satisfy. */
  quantifier?: "all" | "any" | "none";
  /** `answer in order == [...]`: position by position, not as a set. */
  ordered?: boolean;
  /** `answer first == VALUE` / `answer first type == CNAME`: the list's first item only. */
  first?: boolean;
  op: MatchOp;
  /** Absent for flag matchers like `timeout` or `allowed`. */
  value?: Value;
}

export type MatchOp =
  | "=="
  | "!="
  | "has"
  | "lacks"
  | "matches"
  | "<"
  | "<="
  | ">"
  | ">="
  | "is"
  /** Across a repeated probe's replies (`answer order varies`, field `order` or `first`). */
  | "varies"
  | "steady";

/** Values in matchers and arguments. Symbolic values are resolved by the target at run time. */
export type Value =
  | { kind: "string"; value: string; span: Span }
  | { kind: "number"; value: number; span: Span }
  | { kind: "duration"; ms: number; span: Span }
  | { kind: "ident"; value: string; span: Span }
  | { kind: "list"; items: Value[]; span: Span }
  | { kind: "ref"; fn: SymbolicFn; target: ObjectRef; span: Span }
  | {
      kind: "selection";
      fn: "ips" | "pods";
      namespace?: string;
      selector: Record<string, string>;
      span: Span;
    }
  | { kind: "record"; rrtype: string; args: Value[]; span: Span }
  | { kind: "quantified"; quantifier: "any" | "all" | "none"; value: Value; span: Span }
  | { kind: "try"; qtype?: string; name: string; nameValue?: Value; rcode: string; span: Span }
  | { kind: "hop"; hop: string; args: string[]; span: Span }
  /**
   * A name written as adjacent parts, some symbolic: `dashed-ip(pod p/web).p.pod.cluster.local` is
   * the parts `dashed-ip(pod p/web)` and `".p.pod.cluster.local"`, joined once each is resolved.
   */
  | { kind: "concat"; parts: Value[]; span: Span }
  /**
   * A name derived from every address a value stands for: `reverse-name(cluster-ip(service a/b))`,
   * `reverse-name(node-ip(node n))`, `dashed-ip(ip(pod a/b))`, `reverse-name(10.96.0.1)`.
   */
  | { kind: "derived"; fn: "dashed-ip" | "reverse-name"; of: Value; span: Span };

/**
 * `ip(pod ns/n)` all IPs of a pod (first = primary), `cluster-ip(service ns/n)` a service's cluster IPs,
 * `node-ip(node n)`, `name(pod ns/n)` the pod's `ns/name` (for lands-on), `fqdn(service ns/n)` its
 * cluster DNS name with trailing dot, `pod-cidr(node n)`, `dashed-ip(pod ns/n)` the primary IP as one
 * DNS label (`10-244-1-9`), `reverse-name(pod ns/n)` its PTR query name (`9.1.244.10.in-addr.arpa.`).
 */
export type SymbolicFn =
  | "ip"
  | "cluster-ip"
  | "node-ip"
  | "name"
  | "fqdn"
  | "pod-cidr"
  | "external-ip"
  | "dashed-ip"
  | "reverse-name";
