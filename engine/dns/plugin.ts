/**
 * The plugin contract of the CoreDNS model. As in CoreDNS, a server block's plugins form a chain in the
 * fixed order of plugin.cfg (see order.ts), whatever order the Corefile lists them in; each plugin
 * either answers, passes the request to `next`, or wraps what `next` returns (cache, rewrite,
 * loadbalance, bufsize do that). Everything is synchronous: time is the virtual clock.
 */
import type { ClusterView } from "../cluster/index.js";
import type { ResolvConf } from "../resolver/index.js";
import type { Clock, Rng, UpstreamEntry } from "../support/index.js";
import type { DnsMessage, Rcode } from "./message.js";

/** A Corefile directive with its arguments and nested block, and the line it is on. */
export interface Directive {
  name: string;
  args: string[];
  /** Nested `{ ... }` lines: sub-directives of the plugin (e.g. `pods insecure`). */
  block: Directive[];
  line: number;
}

/** A server block: `zone1:port zone2:port { directives }`. */
export interface ServerBlock {
  /** Normalised zones with trailing dot, lower-case (`cluster.local.`, `.`). */
  zones: string[];
  port: number;
  /** Transport scheme (`dns://` default). */
  scheme: string;
  directives: Directive[];
  line: number;
}

export interface DnsRequest {
  msg: DnsMessage;
  /** The first question's name as sent (case preserved), with trailing dot. */
  qname: string;
  qtype: string;
  clientIp: string;
  /** The client's source port when known (log and whoami show it); 0 when not modelled. */
  clientPort?: number;
  transport: "udp" | "tcp";
  /** The zone of the server block that matched. */
  zone: string;
  port: number;
  /** The server's address the query arrived at (request.LocalIP), when the transport knows it. */
  serverIp?: string;
  /** The port the query arrived at (request.LocalPort) when it differs from the Corefile's `port`. */
  serverPort?: number;
}

/**
 * What a plugin produced: a reply written to the client, an error rcode without a written reply (the
 * server then writes a bare error reply, as CoreDNS does for SERVFAIL/REFUSED/...), or nothing (drop:
 * the client times out). `by` names the plugin for the engine's reasons. A reply of several messages
 * (plugin/transfer's envelopes through dns.Transfer.Out) has the first in `msg`, the rest in `more`.
 */
export type DnsResult =
  | {
      kind: "reply";
      msg: DnsMessage;
      /** Messages written after `msg` on the same connection: a zone transfer's later envelopes. */
      more?: DnsMessage[];
      by: string;
      notes?: string[];
      elapsedMs?: number;
    }
  | {
      kind: "error";
      rcode: Rcode;
      by: string;
      notes?: string[];
      elapsedMs?: number;
      /**
       * The Go handler returned a non-nil error with the rcode (plugin.NextOrFailure's "no next
       * plugin found"): wrappers such as minimal pass such a result on instead of reading the reply.
       */
      goError?: boolean;
    }
  | { kind: "drop"; by: string; notes?: string[]; elapsedMs?: number };

export type Next = (req: DnsRequest) => DnsResult;

export interface Plugin {
  readonly name: string;
  serve(req: DnsRequest, next: Next): DnsResult;
  /** For the `ready` plugin: false keeps the server NotReady. */
  ready?(): boolean;
  /**
   * Called once by the server core after the whole chain is built and the server "listens" (CoreDNS
   * runs OnStartup hooks then). A `fatal` result means the CoreDNS process exits with that log line
   * (e.g. plugin/loop's `[FATAL] plugin/loop: Loop ... detected`), i.e. CrashLoopBackOff.
   */
  startup?(): { fatal?: string };
  /**
   * core/dnsserver/view.go Viewer (plugin/view): the server routes a query to the first block of its
   * zone whose filters all pass; a block without one takes every query.
   */
  filter?(req: DnsRequest): boolean;
  /** The Viewer's name (view.go ViewName). */
  readonly viewName?: string;
  /**
   * Why the reply cache (reply-cache.ts) may not reuse this plugin's replies although plugins of its
   * name answer as a function of the request (rewrite copying the client's address into an option).
   */
  readonly uncacheable?: string;
}

/**
 * Who a self query comes from: plugin/pkg/upstream Lookup serves it with the original request's
 * ResponseWriter, so the server (its views, acl, whoami) sees the original client and transport.
 */
export interface SelfQueryClient {
  clientIp: string;
  clientPort?: number;
  transport: "udp" | "tcp";
  serverIp?: string;
  serverPort?: number;
}

/** What plugins may use from their surroundings. */
export interface PluginEnv {
  cluster: ClusterView;
  clock: Clock;
  rng: Rng;
  /** The upstream world the forward plugin reaches (declared by the scenario). */
  upstream: UpstreamEntry[];
  /** CoreDNS's own /etc/resolv.conf (for `forward . /etc/resolv.conf`). */
  hostResolvConf: ResolvConf;
  /** Addresses this CoreDNS listens on (its pod IPs) and the DNS service IPs. */
  selfAddresses: string[];
  /**
   * The addresses the kubernetes plugin may present as its own nameserver (setup.go boundIPs), when
   * they differ from `selfAddresses`: boundIPs drops loopback, but `netspec serve --bare` presents
   * its listen address even on 127.0.0.1, as CoreDNS's own tests set localIPs (kubernetes_apex_test).
   */
  nameserverAddresses?: string[];
  /**
   * plugin/pkg/edns SetSupportedOption: the EDNS0 option codes this CoreDNS process echoes back
   * besides the ones it always does (request.supportedOptions); plugins add theirs at setup
   * (rewrite's edns0 local rules), the servers' ScrubWriter reads them.
   */
  ednsSupported?: Set<number>;
  /** Send a query through this server's own chain (ExternalName targets, loop probe). */
  selfQuery: (msg: DnsMessage, from?: SelfQueryClient) => DnsResult;
  log: (line: string) => void;
  /** The CoreDNS process's hostname (its pod name): chaos `hostname.bind`. Defaults to "coredns". */
  hostname?: string;
  /**
   * Reads a file of the CoreDNS process's filesystem (plugin/file's zone files, their `$INCLUDE`s):
   * on a cluster the Corefile ConfigMap's keys under /etc/coredns/, for `netspec serve` the host's
   * files. Undefined when the file does not exist (or no filesystem is modelled).
   */
  readFile?: (path: string) => string | undefined;
}

export interface PluginFactory {
  readonly name: string;
  /** Parse the directive; throw CorefileError naming the line for bad arguments. */
  setup(directive: Directive, block: ServerBlock, env: PluginEnv): Plugin;
}

/** A Corefile problem, always with its line. */
export class CorefileError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = "CorefileError";
  }
}

/**
 * A Corefile real CoreDNS accepts but the reference engine does not model (a plugin of plugin.cfg
 * without a port, or a mode of a ported one). Not the user's mistake: the reference target skips the
 * suite with this message while real targets run it with CoreDNS (facade code `corefile/unsupported`).
 */
export class CorefileUnmodelled extends CorefileError {
  constructor(message: string, line: number, column?: number) {
    super(message, line, column);
    this.name = "CorefileUnmodelled";
  }
}
