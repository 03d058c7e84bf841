/** `forward FROM TO... { ... }` parsing, mirroring plugin/forward/setup.go (parseForward/parseBlock). */
import type { Directive, PluginEnv, ServerBlock } from "../../plugin.js";
import { durationArg, exactArgs, fail, intArg, normalizeZone, unknownOption } from "../shared/index.js";
import type { PolicyName } from "./policy.js";
import type { UpstreamAddr } from "./upstream-net.js";
import { RCODES } from "../../wire/index.js";

/** setup.go: `max` upstreams. */
export const MAX_UPSTREAMS = 15;

export interface ForwardConfig {
  from: string;
  upstreams: (UpstreamAddr & { tls: boolean })[];
  except: string[];
  policy: PolicyName;
  maxFails: number;
  healthCheckMs: number;
  forceTcp: boolean;
  preferUdp: boolean;
  expireMs: number;
  maxConcurrent: number;
  failfastAllUnhealthy: boolean;
  failover: string[];
  next: string[];
  tlsServerName?: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIp(s: string): boolean {
  const m = IPV4.exec(s);
  if (m) return m.slice(1).every((x) => Number(x) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(s) && s.includes(":");
}

const RCODE_NAMES = new Set(RCODES);

function parseTo(d: Directive, to: string): (UpstreamAddr & { tls: boolean })[] {
  let rest = to;
  let tls = false;
  if (rest.startsWith("tls://")) {
    tls = true;
    rest = rest.slice(6);
  } else if (rest.startsWith("dns://")) {
    rest = rest.slice(6);
  } else if (/^[a-z0-9+]+:\/\//i.test(rest)) {
    fail(d, `unsupported protocol in '${to}' (forward speaks dns:// and tls://)`);
  }
  const defPort = tls ? 853 : 53;
  let ip = rest;
  let port = defPort;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  const v4port = /^([^:]+):(\d+)$/.exec(rest);
  if (bracket) {
    ip = bracket[1]!;
    port = bracket[2] ? Number(bracket[2]) : defPort;
  } else if (v4port) {
    ip = v4port[1]!;
    port = Number(v4port[2]);
  }
  if (!isIp(ip)) fail(d, `not an IP address or file: "${to}"`);
  if (port < 1 || port > 65535) fail(d, `invalid port in '${to}'`);
  return [{ ip, port, tls }];
}

/** The TOs: addresses, or `/etc/resolv.conf` read as CoreDNS's own (parse.HostPortOrFile). */
function parseUpstreams(d: Directive, env: PluginEnv): ForwardConfig["upstreams"] {
  const upstreams: ForwardConfig["upstreams"] = [];
  for (const to of d.args.slice(1)) {
    if (to.startsWith("/")) {
      // parse.HostPortOrFile: a path is read as a resolv.conf; only CoreDNS's own is modelled.
      if (to !== "/etc/resolv.conf") fail(d, `only /etc/resolv.conf can be read in the model, got '${to}'`);
      if (!env.hostResolvConf.nameservers.length) fail(d, "no nameservers found in /etc/resolv.conf");
      for (const ns of env.hostResolvConf.nameservers) upstreams.push(...parseTo(d, ns));
    } else {
      upstreams.push(...parseTo(d, to));
    }
  }
  if (upstreams.length > MAX_UPSTREAMS)
    fail(d, `more than ${MAX_UPSTREAMS} TOs configured: ${upstreams.length}`);
  return upstreams;
}

type BlockOption = (o: Directive, cfg: ForwardConfig) => void;

const rcodes = (o: Directive) =>
  o.args.map((a) => {
    const r = a.toUpperCase();
    if (!RCODE_NAMES.has(r)) fail(o, `'${a}' is not a valid rcode`);
    return r;
  });

/** Upstream health: max_fails, health_check DURATION [no_rec] [domain NAME]. */
const HEALTH: Record<string, BlockOption> = {
  max_fails: (o, cfg) => {
    exactArgs(o, 1, "forward");
    cfg.maxFails = intArg(o, o.args[0]!, "forward");
  },
  health_check: (o, cfg) => {
    if (!o.args.length) fail(o, "health_check needs a duration");
    cfg.healthCheckMs = durationArg(o, o.args[0]!, "forward");
    for (let i = 1; i < o.args.length; i++) {
      if (o.args[i] === "no_rec") continue;
      if (o.args[i] === "domain" && o.args[i + 1]) {
        i++;
        continue;
      }
      fail(o, `health_check: unknown option '${o.args[i]}'`);
    }
  },
};

/** Connections: force_tcp, prefer_udp, expire, max_concurrent, tls, tls_servername. */
const TRANSPORT: Record<string, BlockOption> = {
  force_tcp: (o, cfg) => {
    exactArgs(o, 0, "forward");
    cfg.forceTcp = true;
  },
  prefer_udp: (o, cfg) => {
    exactArgs(o, 0, "forward");
    cfg.preferUdp = true;
  },
  expire: (o, cfg) => {
    exactArgs(o, 1, "forward");
    cfg.expireMs = durationArg(o, o.args[0]!, "forward");
  },
  max_concurrent: (o, cfg) => {
    exactArgs(o, 1, "forward");
    cfg.maxConcurrent = intArg(o, o.args[0]!, "forward");
  },
  tls_servername: (o, cfg) => {
    exactArgs(o, 1, "forward");
    cfg.tlsServerName = o.args[0]!;
  },
  tls: (o) => {
    if (o.args.length > 3) fail(o, "tls takes at most CERT KEY CA");
  },
};

/** Which names and which upstream: except, policy, and what an answer's rcode does (failover, next). */
const ROUTING: Record<string, BlockOption> = {
  except: (o, cfg) => {
    if (!o.args.length) fail(o, "except needs at least one name");
    cfg.except.push(...o.args.map(normalizeZone));
  },
  policy: (o, cfg) => {
    exactArgs(o, 1, "forward");
    const p = o.args[0]!;
    if (p !== "random" && p !== "round_robin" && p !== "sequential") fail(o, `unknown policy '${p}'`);
    cfg.policy = p;
  },
  failfast_all_unhealthy_upstreams: (o, cfg) => {
    exactArgs(o, 0, "forward");
    cfg.failfastAllUnhealthy = true;
  },
  failover: (o, cfg) => {
    if (!o.args.length) fail(o, "failover needs at least one rcode");
    cfg.failover.push(...rcodes(o));
  },
  next: (o, cfg) => {
    if (!o.args.length) fail(o, "next needs at least one rcode");
    cfg.next.push(...rcodes(o));
  },
};

/** setup.go parseBlock: one block option. */
const BLOCK = new Map(Object.entries({ ...HEALTH, ...TRANSPORT, ...ROUTING }));

export function parseForward(d: Directive, _block: ServerBlock, env: PluginEnv): ForwardConfig {
  if (d.args.length < 2) fail(d, "forward needs FROM and at least one TO");
  const from = normalizeZone(d.args[0]!);
  const cfg: ForwardConfig = {
    from,
    upstreams: parseUpstreams(d, env),
    except: [],
    policy: "random",
    maxFails: 2,
    healthCheckMs: 500,
    forceTcp: false,
    preferUdp: false,
    expireMs: 10_000,
    maxConcurrent: 0,
    failfastAllUnhealthy: false,
    failover: [],
    next: [],
  };
  for (const o of d.block) {
    const option = BLOCK.get(o.name);
    if (!option) unknownOption("forward", o);
    else option(o, cfg);
  }
  if (cfg.forceTcp && cfg.preferUdp) fail(d, "force_tcp and prefer_udp are mutually exclusive");
  return cfg;
}
