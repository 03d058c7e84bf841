/**
 * The scenario's upstream world as a process of its own, for real clusters whose nameservers must
 * live where pods can reach them (the local cluster runs it in its fabric namespace, on the addresses
 * of the nodes' resolv.conf) as `netspec upstream-world STATE.json IP:PORT...`: the state file holds the
 * records and the fault behaviour; it is read again whenever it changes, so the target switches
 * suites' worlds and injects upstream faults by rewriting it. UDP and TCP (RFC 1035 §4.2.2 framing).
 */
import dgram from "node:dgram";
import { readFileSync, statSync } from "node:fs";
import net from "node:net";
import { decodeMessage, encodeMessage, fitToTransport, UpstreamWorld } from "../../../engine/index.js";
import type { UpstreamRecordText } from "./upstream-server.js";

/** What the state file holds. */
export interface UpstreamState {
  records: UpstreamRecordText[];
  /** Fault behaviour: `drop` (unreachable), `servfail`, `delay` (slow: each reply `delayMs` late). */
  behaviour?: { mode: "drop" | "servfail" | "delay"; delayMs?: number };
}

function loader(path: string): () => { world: UpstreamWorld; state: UpstreamState } {
  let mtime = -1;
  let current: { world: UpstreamWorld; state: UpstreamState } | undefined;
  return () => {
    const m = statSync(path).mtimeMs;
    if (!current || m !== mtime) {
      const state = JSON.parse(readFileSync(path, "utf8")) as UpstreamState;
      current = { world: new UpstreamWorld(state.records, Math.floor(Date.now() / 1000)), state };
      mtime = m;
    }
    return current;
  };
}

/**
 * The reply to one query (undefined: no reply), after the fault's delay; over UDP cut to the query's
 * size as the engine's model cuts it (fitToTransport).
 */
async function answer(
  load: ReturnType<typeof loader>,
  packet: Uint8Array,
  transport: "udp" | "tcp",
): Promise<Uint8Array | undefined> {
  const { world, state } = load();
  let msg;
  try {
    msg = decodeMessage(packet);
  } catch {
    return undefined;
  }
  const b = state.behaviour;
  if (b?.mode === "drop") return undefined;
  if (b?.mode === "delay") await new Promise((r) => setTimeout(r, b.delayMs ?? 2000));
  if (b?.mode === "servfail")
    return encodeMessage(
      {
        ...msg,
        rcode: "SERVFAIL",
        flags: { ...msg.flags, qr: true, ra: true },
        answer: [],
        authority: [],
        additional: [],
      },
      {},
    );
  const a = world.answer(msg);
  return a.kind === "timeout"
    ? undefined
    : encodeMessage(fitToTransport(msg, a.msg, transport), { compress: true });
}

function serveUdp(host: string, port: number, load: ReturnType<typeof loader>): Promise<void> {
  const udp = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  udp.on("message", (packet, rinfo) => {
    void answer(load, packet, "udp").then((reply) => reply && udp.send(reply, rinfo.port, rinfo.address));
  });
  return new Promise((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, host, () => resolve());
  });
}

function serveTcp(host: string, port: number, load: ReturnType<typeof loader>): Promise<void> {
  const server = net.createServer((s) => {
    let buf = Buffer.alloc(0);
    s.setTimeout(10_000, () => s.destroy());
    s.on("error", () => s.destroy());
    s.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const packet = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + packet.length);
        void answer(load, packet, "tcp").then((reply) => {
          if (!reply) return;
          const len = Buffer.alloc(2);
          len.writeUInt16BE(reply.length);
          s.write(Buffer.concat([len, Buffer.from(reply)]));
        });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
}

/** Serves the world of `statePath` on every `ip:port` of `listen` (UDP and TCP) until killed. */
export async function serveUpstreamWorld(statePath: string, listen: string[]): Promise<void> {
  const load = loader(statePath);
  for (const addr of listen) {
    const [host, port] = addr.split(/:(?=\d+$)/);
    await serveUdp(host!, Number(port ?? 53), load);
    await serveTcp(host!, Number(port ?? 53), load);
  }
}
