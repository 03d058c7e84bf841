/**
 * The Corefile the OpenShift DNS operator renders from the `operator.openshift.io/v1` DNS CR
 * (openshift/cluster-dns-operator pkg/operator/controller/controller_dns_configmap.go, corefileTemplate,
 * at the revision dns-behaviour.md §12.2 cites: bufsize 1232). Template whitespace is reproduced as the
 * Go template prints it. TLS CA bundle paths (which need the CA ConfigMap revision) are not modelled:
 * a TLS upstream renders `tls_servername` and a bare `tls`.
 */
type Raw = Record<string, unknown>;

const map = (v: unknown): Raw => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** coreDNSPolicy: Random → random, RoundRobin → round_robin, Sequential → sequential, else random. */
function policy(p: string): string {
  return p === "RoundRobin" ? "round_robin" : p === "Sequential" ? "sequential" : "random";
}

function logLevel(level: string): string {
  return level === "Debug" ? "class denial error" : level === "Trace" ? "class all" : "class error";
}

/** Go time.ParseDuration subset (h, m, s, ms), rounded to whole seconds. */
export function goDurationSeconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const n = Number(m[1]);
    total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "s" ? n : n / 1000;
  }
  return Math.round(total);
}

function tlsLines(transport: Raw): string {
  if (str(transport.transport) !== "TLS") return "";
  const name = str(map(transport.tls).serverName);
  return name ? `\n        tls_servername ${name}\n        tls` : "";
}

/** JoinHostPort for IPv6 literals. */
function joinHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

function resolver(u: Raw): string {
  if (str(u.type) === "Network") {
    const address = str(u.address).toUpperCase();
    const port = typeof u.port === "number" && u.port > 0 ? u.port : 0;
    return port ? joinHostPort(address, port) : address;
  }
  return "/etc/resolv.conf";
}

export function renderOpenShiftCorefile(spec: Raw, clusterDomain: string): string {
  const cache = map(spec.cache);
  const pos = goDurationSeconds(str(cache.positiveTTL));
  const neg = goDurationSeconds(str(cache.negativeTTL));
  const positiveTTL = pos > 0 ? pos : 900;
  const negativeTTL = neg > 0 ? neg : 30;
  const level = logLevel(str(spec.logLevel));
  let out = "";
  for (const s of list(spec.servers)) {
    const server = map(s);
    const fp = map(server.forwardPlugin);
    const transport = map(fp.transportConfig);
    const tls = str(transport.transport) === "TLS";
    const upstreams = list(fp.upstreams)
      .map((u) => ` ${tls ? "tls://" : ""}${str(u)}`)
      .join("");
    out += `# ${str(server.name)}\n`;
    out +=
      list(server.zones)
        .map((z) => `${str(z)}:5353 `)
        .join("") + "{\n";
    out += `    prometheus 127.0.0.1:9153\n`;
    out += `    forward .${upstreams} {${tlsLines(transport)}\n        policy ${policy(str(fp.policy))}\n    }\n`;
    out += `    errors\n    log . {\n        ${level}\n    }\n    bufsize 1232\n`;
    out += `    cache ${positiveTTL} {\n        denial 9984 ${negativeTTL}\n    }\n}\n`;
  }
  const ur = map(spec.upstreamResolvers);
  const urTransport = map(ur.transportConfig);
  const urTls = str(urTransport.transport) === "TLS";
  const given = list(ur.upstreams).map(map);
  const seen: string[] = [];
  const ups: Raw[] = [];
  for (const u of given.length ? given : [{ type: "SystemResolvConf" }]) {
    // contains(): duplicates (type, address case-insensitively, port defaulting to 53) are dropped.
    const key = `${str(u.type) || "SystemResolvConf"}|${str(u.address).toLowerCase()}|${typeof u.port === "number" && u.port ? u.port : 53}`;
    if (seen.includes(key)) continue;
    seen.push(key);
    ups.push(u);
  }
  const urPolicy = str(ur.policy) || "Sequential";
  out += `.:5353 {\n    bufsize 1232\n    errors\n    log . {\n        ${level}\n    }\n    health {\n        lameduck 20s\n    }\n    ready\n`;
  out += `    kubernetes ${clusterDomain || "cluster.local"} in-addr.arpa ip6.arpa {\n        pods insecure\n        fallthrough in-addr.arpa ip6.arpa\n    }\n`;
  out += `    prometheus 127.0.0.1:9153\n`;
  out += `    forward .${ups.map((u) => ` ${urTls ? "tls://" : ""}${resolver(u)}`).join("")} {${tlsLines(urTransport)}\n        policy ${policy(urPolicy)}\n    }\n`;
  out += `    cache ${positiveTTL} {\n        denial 9984 ${negativeTTL}\n    }\n    reload\n}\nhostname.bind:5353 {\n    chaos\n}\n`;
  return out;
}
