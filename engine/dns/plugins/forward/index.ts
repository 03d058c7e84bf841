/**
 * plugin/forward (forward.go ServeDNS), over the modelled UpstreamNet:
 * - names outside FROM, or under an `except` name, go to the next plugin;
 * - upstreams are tried in policy order; Down ones are skipped, and when every one is Down a random
 *   one is used anyway (or SERVFAIL with failfast_all_unhealthy_upstreams);
 * - an exchange error (timeout: the 2s read timeout) starts a health check and the next upstream is
 *   tried, wrapping around the list, until the 5s overall deadline has passed → SERVFAIL;
 * - a reply whose rcode is listed in `failover` tries the next upstream (the model bounds this at one
 *   pass over the list, then returns the last reply: code reading, simplified); a rcode in `next`
 *   hands the query to the next plugin; any other reply is returned as-is.
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
        const out = net.exchange(proxy.addr, req.msg, READ_TIMEOUT_MS, block.port);
        if (out.kind === "timeout") {
          elapsed += out.waitedMs;
          sawError = true;
          // proxy.go Connect error text, as plugin/errors would print it.
          upstreamErr = `read ${proto} ${localIp}:${ephemeral.int(28232) + 32768}->${at}: i/o timeout`;
          notes.push(`${proto}://${at}: no reply within the ${out.waitedMs}ms read timeout`);
          if (cfg.maxFails !== 0) proxy.healthcheck(start + elapsed);
          continue;
        }
        elapsed += out.rttMs;
        const msg = { ...out.msg, id: req.msg.id };
        notes.push(`${proto}://${at}${out.viaSelf ? " (this server)" : ""} answered ${msg.rcode}`);
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
