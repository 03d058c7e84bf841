/**
 * The local cluster's only bridges between the machine's own network namespace and the cluster's:
 * small TCP/Unix-socket relays, so nothing of the cluster needs an address or a route in the
 * machine's namespace. The control plane runs there on 127.0.0.1 (control-plane.ts), the nodes in
 * namespaces of their own behind the fabric bridge (network.ts), and Unix sockets — filesystem
 * objects, reachable from every network namespace — carry the traffic between them:
 * - nodes and pods → API server: the fabric forwarder listens on the fabric gateway
 *   (`172.18.0.1:<port>`, the `kubernetes` Service's endpoint) and relays to `api.sock`, where the
 *   host forwarder relays to the API server on 127.0.0.1;
 * - API server → kubelets (exec, logs, port-forward): the API server's egress selector sends the
 *   `cluster` egress as HTTP CONNECT over `egress.sock` (k8s.io/apiserver
 *   pkg/server/egressselector/egress_selector.go, tunnelHTTPConnect), answered by the fabric
 *   forwarder, which dials the node — only node addresses are allowed;
 * - containerd → registry: the fabric forwarder listens on `172.18.0.1:5000` and relays to the
 *   registry netspec serves on `registry.sock`.
 * The relay program is plain JavaScript run with `node -e`, so it needs nothing but Node.
 */

/** One end of a relay: a TCP address or a Unix socket path. */
export type Endpoint = { host: string; port: number } | { path: string };

export interface ForwarderConfig {
  relays: { listen: Endpoint; connect: Endpoint }[];
  /** An HTTP CONNECT proxy listening on this Unix socket, dialling only `allow` hosts. */
  connectProxy?: { path: string; allow: string[] };
}

/** The relay program (argv[1]: the ForwarderConfig as JSON); prints `ready` once listening. */
export const FORWARDER_JS = String.raw`
const net = require("node:net"), http = require("node:http"), fs = require("node:fs");
const cfg = JSON.parse(process.argv[1]);
const addr = (e) => (e.path !== undefined ? [e.path] : [e.port, e.host]);
const pipe = (a, b) => {
  a.on("error", () => b.destroy()); b.on("error", () => a.destroy());
  a.on("close", () => b.destroy()); b.on("close", () => a.destroy());
  a.pipe(b); b.pipe(a);
};
const listen = (server, e) => new Promise((resolve, reject) => {
  if (e.path !== undefined) { try { fs.unlinkSync(e.path); } catch {} }
  server.once("error", reject);
  server.listen(...addr(e), resolve);
});
const servers = [];
for (const r of cfg.relays) {
  const s = net.createServer((c) => pipe(c, net.connect(...addr(r.connect))));
  servers.push(listen(s, r.listen));
}
if (cfg.connectProxy) {
  const allow = new Set(cfg.connectProxy.allow);
  const s = http.createServer((_q, res) => { res.statusCode = 405; res.end(); });
  s.on("connect", (req, client, head) => {
    const i = req.url.lastIndexOf(":");
    const host = req.url.slice(0, i).replace(/^\[|\]$/g, ""), port = Number(req.url.slice(i + 1));
    if (!allow.has(host)) { client.end("HTTP/1.1 403 Forbidden\r\n\r\n"); return; }
    const up = net.connect(port, host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head && head.length) up.write(head);
      pipe(client, up);
    });
    up.on("error", () => client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n"));
  });
  servers.push(listen(s, { path: cfg.connectProxy.path }));
}
Promise.all(servers).then(() => console.log("ready"), (e) => { console.error(String(e)); process.exit(1); });
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
`;

/** argv running the forwarder with `config` (prefix it to run inside a namespace). */
export function forwarderArgv(node: string, config: ForwarderConfig): string[] {
  return [node, "-e", FORWARDER_JS, JSON.stringify(config)];
}
