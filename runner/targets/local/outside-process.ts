/**
 * The outside of the local cluster, run inside its fabric namespace (the network the nodes hang off,
 * kind's docker network): hosts at addresses outside the cluster (`to ip 93.184.216.34`) and clients
 * connecting from such addresses (`from external 203.0.113.7`). Both are this process on purpose:
 * Node's sockets bind a chosen source address (`localAddress`), which agnhost connect cannot. The host
 * writes back the address it saw (what a person reading the reasons, or this file's test, can check
 * against conntrack's reply tuple, which the observation uses).
 */
import { createSocket } from "node:dgram";
import { createServer, connect as tcpConnect } from "node:net";

/** The line an outside host writes on each TCP connection and UDP datagram. */
export function outsideGreeting(seen: string): string {
  return `netspec-outside saw=${seen}\n`;
}

/** The source address an outside host's greeting names, if `line` is one. */
export function seenInGreeting(line: string): string | undefined {
  return /^netspec-outside saw=(\S+)/.exec(line)?.[1];
}

/**
 * Serves every `IP:PORT` over TCP and UDP; resolves once all are listening, with what closes them
 * (the CLI never does: the process is killed with the cluster).
 */
export async function serveOutside(listen: string[]): Promise<() => void> {
  const closers: (() => void)[] = [];
  const close = () => closers.splice(0).forEach((c) => c());
  try {
    for (const a of listen) {
      const [host, port] = splitHostPort(a);
      const tcp = createServer((s) => {
        s.on("error", () => undefined);
        s.end(outsideGreeting(s.remoteAddress?.replace(/^::ffff:/, "") ?? "?"));
      });
      await new Promise<void>((resolve, reject) => {
        tcp.once("error", reject);
        tcp.listen(port, host, resolve);
      });
      closers.push(() => tcp.close());
      const udp = createSocket("udp4");
      udp.on("message", (_m, rinfo) => udp.send(outsideGreeting(rinfo.address), rinfo.port, rinfo.address));
      await new Promise<void>((resolve, reject) => {
        udp.once("error", reject);
        udp.bind(port, host, resolve);
      });
      closers.push(() => udp.close());
    }
  } catch (error) {
    // What did start is closed again: a failed start leaves no socket behind.
    close();
    throw error;
  }
  return close;
}

/** What a client outside the cluster saw: the verdict and the first line the far end wrote. */
export interface OutsideResult {
  verdict: "allowed" | "refused" | "timeout";
  firstLine?: string;
  error?: string;
}

/**
 * One connection from `from` to `host:port`. TCP: established is allowed (then the first line the far
 * end writes, if any, within 2 s), ECONNREFUSED (a RST, or ICMP port unreachable: a REJECT) refused,
 * nothing within `timeoutMs` timeout. UDP: a datagram `hostname`, then the first reply (allowed), an
 * ICMP error on the connected socket (refused), or nothing (timeout), as agnhost connect judges it.
 */
export function connectOutside(
  from: string,
  host: string,
  port: number,
  protocol: "tcp" | "udp",
  timeoutMs = 5000,
): Promise<OutsideResult> {
  return protocol === "udp"
    ? udpExchange(from, host, port, timeoutMs)
    : tcpExchange(from, host, port, timeoutMs);
}

function tcpExchange(from: string, host: string, port: number, timeoutMs: number): Promise<OutsideResult> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host, port, localAddress: from, timeout: timeoutMs });
    let connected = false;
    let data = "";
    const done = (r: OutsideResult) => {
      s.destroy();
      resolve(r);
    };
    s.on("connect", () => {
      connected = true;
      s.setTimeout(2000);
    });
    s.on("data", (b) => {
      data += b.toString("utf8");
      if (data.includes("\n")) done({ verdict: "allowed", firstLine: data.split("\n")[0] });
    });
    s.on("end", () => done({ verdict: "allowed", ...(data ? { firstLine: data.split("\n")[0] } : {}) }));
    s.on("timeout", () => done(connected ? { verdict: "allowed" } : { verdict: "timeout" }));
    s.on("error", (e: NodeJS.ErrnoException) => {
      if (connected) return done({ verdict: "allowed", error: e.code });
      done({ verdict: e.code === "ECONNREFUSED" ? "refused" : "timeout", error: e.code ?? e.message });
    });
  });
}

function udpExchange(from: string, host: string, port: number, timeoutMs: number): Promise<OutsideResult> {
  return new Promise((resolve) => {
    const s = createSocket("udp4");
    const timer = setTimeout(() => done({ verdict: "timeout" }), timeoutMs);
    const done = (r: OutsideResult) => {
      clearTimeout(timer);
      s.close();
      resolve(r);
    };
    s.on("message", (m) => done({ verdict: "allowed", firstLine: m.toString("utf8").split("\n")[0] }));
    s.on("error", (e: NodeJS.ErrnoException) =>
      done({ verdict: e.code === "ECONNREFUSED" ? "refused" : "timeout", error: e.code ?? e.message }),
    );
    s.bind(0, from, () => s.connect(port, host, () => s.send("hostname\n")));
  });
}

function splitHostPort(a: string): [string, number] {
  const i = a.lastIndexOf(":");
  return [a.slice(0, i), Number(a.slice(i + 1))];
}
