/**
 * plugin/forward (forward.go ServeDNS), over the modelled UpstreamNet:
 * - names outside FROM, or under an `except` name, go to the next plugin;
 * - upstreams are tried in policy order; Down ones are skipped, and when every one is Down a random
 *   one is used anyway (or SERVFAIL with failfast_all_unhealthy_upstreams);
 * - an exchange error (timeout: the 2s read timeout) starts a health check and the next upstream is
 *   tried, wrapping around the list, until the 5s overall deadline has passed → SERVFAIL;
 * - a reply whose rcode is listed in `failover` tries the next upstream (the model bounds this at one
 *   pass over the list, then returns the last reply: code reading, simplified); a rcode in `next`
 *   hands the query to the next plugin; any other reply is returned as-is;
 * - over UDP the world cuts its reply at the query's size (the client's OPT, after bufsize, else
 *   512): a TC reply is passed through as it is, or retried over TCP with `prefer_udp` (forward.go);
 *   CoreDNS's server-side truncation (request.Scrub) then applies as to any reply.
 * Time spent is reported in elapsedMs (the virtual clock is not advanced here). `max_concurrent` is
 * never exceeded because the model resolves one query at a time.
 */
import type { DnsRequest, DnsResult, Plugin, PluginFactory } from "../../plugin.js";
import { isSubdomain } from "../shared/index.js";
import { makePolicy } from "./policy.js";
import { Proxy } from "./proxy.js";
import { parseForward } from "./setup.js";
import type { ForwardConfig } from "./setup.js";
import { formatAddr, upstreamNetFor } from "./upstream-net.js";
import type { ExchangeOutcome, UpstreamNet } from "./upstream-net.js";

/** forward.go defaultTimeout. */
export const OVERALL_DEADLINE_MS = 5000;
/** proxy.go: the per-exchange read timeout. */
export const READ_TIMEOUT_MS = 2000;

export {
  upstreamNetFor,
  upstreamFaultsFor,
  UpstreamNet,
  UpstreamFaults,
  formatAddr,
} from "./upstream-net.js";
export type { AddressFault, ExchangeOutcome, UpstreamAddr } from "./upstream-net.js";
export { UpstreamWorld, DEFAULT_UPSTREAM_TTL, fitToTransport } from "./upstream-world.js";
export { parseRData } from "./rdata-text.js";
export type { ForwardConfig } from "./setup.js";

export interface ForwardPlugin extends Plugin {
  readonly config: ForwardConfig;
}

/**
 * One upstream exchange as forward.go's inner Connect loop makes it. pkg/proxy/connect.go Dial: a
 * tls:// upstream is dialled as tcp-tls whatever `proto` says. lookupDNS packs state.Req, so the query
 * goes out as the client sent it (after bufsize), OPT and all, and the world cuts a UDP reply at the
 * client's size (fitToTransport). "Retry with TCP if truncated and prefer_udp configured": without
 * prefer_udp a TC reply is returned as it is (the client retries over TCP itself). `retriedMs`: the
 * time the truncated UDP exchange took before the retry.
 */
function connect(
  net: UpstreamNet,
  proxy: Proxy,
  req: DnsRequest,
  listenPort: number,
  proto: "udp" | "tcp",
  cfg: ForwardConfig,
  notes: string[],
): { out: ExchangeOutcome; wire: "udp" | "tcp"; retriedMs: number } {
  const wire = proxy.addr.tls ? "tcp" : proto;
  const out = net.exchange(proxy.addr, req.msg, READ_TIMEOUT_MS, listenPort, wire);
  if (out.kind === "reply" && out.msg.flags.tc && wire === "udp" && cfg.preferUdp && !cfg.forceTcp) {
    notes.push(`udp://${formatAddr(proxy.addr)} answered truncated (TC): retried over tcp (prefer_udp)`);
    const tcp = net.exchange(proxy.addr, req.msg, READ_TIMEOUT_MS, listenPort, "tcp");
    return { out: tcp, wire: "tcp", retriedMs: out.rttMs };
  }
  return { out, wire, retriedMs: 0 };
}

export const forwardPlugin = {
  name: "forward",
  setup(d, block, env): ForwardPlugin {
    const cfg = parseForward(d, block, env);
    const net = upstreamNetFor(env);
    const proxies = cfg.upstreams.map((u) => new Proxy(u, net, cfg.healthCheckMs));
    const policy = makePolicy(cfg.policy, env.rng.fork(`forward:${d.line}`));
    const pick = env.rng.fork(`forward-healthcheck-broken:${d.line}`);
    const ephemeral = env.rng.fork(`forward-ports:${d.line}`);
    const localIp = env.selfAddresses[0] ?? "0.0.0.0";

    function serve(req: DnsRequest, next: (r: DnsRequest) => DnsResult): DnsResult {
      if (!isSubdomain(cfg.from, req.qname) || cfg.except.some((e) => isSubdomain(e, req.qname))) {
        return next(req);
      }
      const proto = cfg.forceTcp ? "tcp" : cfg.preferUdp ? "udp" : req.transport;
      const notes: string[] = [];
      const start = env.clock.now();
      const list = policy.order(proxies);
      let elapsed = 0;
      let i = 0;
      let fails = 0;
      let failoverTries = 0;
      let lastFailover: DnsResult | undefined;
      let sawError = false;
      let upstreamErr: string | undefined;
      while (elapsed < OVERALL_DEADLINE_MS) {
        if (i >= list.length) {
          i = 0;
          fails = 0;
        }
        let proxy = list[i++]!;
        if (proxy.down(cfg.maxFails, start + elapsed)) {
          fails++;
          if (fails < proxies.length) continue;
          if (cfg.failfastAllUnhealthy) {
            notes.push("all upstreams unhealthy (failfast_all_unhealthy_upstreams)", "no healthy proxies");
            return { kind: "error", rcode: "SERVFAIL", by: "forward", notes, elapsedMs: elapsed };
          }
          // forward.go: "All upstream proxies are dead, assume healthcheck is completely broken and
          // randomly select an upstream to connect to."
          proxy = proxies[pick.int(proxies.length)]!;
        }
        const at = formatAddr(proxy.addr);
        const { out, wire, retriedMs } = connect(net, proxy, req, block.port, proto, cfg, notes);
        elapsed += retriedMs;
        if (out.kind === "timeout") {
          elapsed += out.waitedMs;
          sawError = true;
          // proxy.go Connect error text, as plugin/errors would print it.
          upstreamErr = `read ${wire} ${localIp}:${ephemeral.int(28232) + 32768}->${at}: i/o timeout`;
          notes.push(`${wire}://${at}: no reply within the ${out.waitedMs}ms read timeout`);
          if (cfg.maxFails !== 0) proxy.healthcheck(start + elapsed);
          continue;
        }
        elapsed += out.rttMs;
        const msg = { ...out.msg, id: req.msg.id };
        const tc = msg.flags.tc ? " (truncated, TC)" : "";
        notes.push(`${wire}://${at}${out.viaSelf ? " (this server)" : ""} answered ${msg.rcode}${tc}`);
        if (cfg.failover.includes(msg.rcode) && failoverTries < proxies.length - 1) {
          failoverTries++;
          lastFailover = { kind: "reply", msg, by: "forward", notes, elapsedMs: elapsed };
          continue;
        }
        if (cfg.next.includes(msg.rcode)) {
          const r = next(req);
          return { ...r, notes: [...notes, ...(r.notes ?? [])], elapsedMs: elapsed + (r.elapsedMs ?? 0) };
        }
        return { kind: "reply", msg, by: "forward", notes, elapsedMs: elapsed };
      }
      if (lastFailover && !sawError) return lastFailover;
      // forward.go: the last upstream error, else ErrNoHealthy; the last note is that error text.
      notes.push(sawError ? "no upstream answered before the 5s deadline" : "no healthy upstream");
      notes.push(upstreamErr ?? "no healthy proxies");
      return { kind: "error", rcode: "SERVFAIL", by: "forward", notes, elapsedMs: elapsed };
    }

    return { name: "forward", config: cfg, serve };
  },
} satisfies PluginFactory;
