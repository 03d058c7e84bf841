/**
 * The serving path of `netspec serve`, end to end on loopback: a simulated cluster from manifests,
 * the engine's wire handler behind the real UDP/TCP transport, and a client speaking DNS over sockets.
 */
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createEngine,
  decodeMessage,
  encodeMessage,
  makeQuery,
  presentLine,
  serveDns,
} from "../../engine/index.js";
import type { DnsMessage } from "../../engine/index.js";

const manifests = `
apiVersion: v1
kind: Pod
metadata: { name: debug, labels: { name: debug } }
spec: { hostname: foo, subdomain: bar, containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Pod
metadata: { name: debug2, labels: { name: debug } }
spec: { hostname: foo2, subdomain: bar, containers: [{ name: c, image: x }] }
---
apiVersion: v1
kind: Service
metadata: { name: bar }
spec: { clusterIP: None, selector: { name: debug }, ports: [{ name: foo, port: 1234 }, { name: bar, port: 5678 }] }
`;

let server: { address: string; port: number; close(): Promise<void> };

beforeAll(async () => {
  const engine = createEngine({ profile: "kind", nodes: 3 }, { seed: 7 });
  engine.apply([{ path: "inline.yaml", text: manifests, line: 1, column: 0 }]);
  server = await serveDns({
    listen: { host: "127.0.0.1", port: 0 },
    handle: (packet, meta) =>
      engine.handleWire(packet, { transport: meta.transport, clientIp: meta.clientIp }),
  });
});

afterAll(async () => {
  await server?.close();
});

function udp(packet: Uint8Array): Promise<DnsMessage> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("no UDP reply"));
    }, 3000);
    socket.on("message", (data) => {
      clearTimeout(timer);
      socket.close();
      resolve(decodeMessage(new Uint8Array(data)));
    });
    socket.send(packet, server.port, "127.0.0.1");
  });
}

function tcp(packet: Uint8Array): Promise<DnsMessage> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    let buffer = Buffer.alloc(0);
    socket.on("data", (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        socket.end();
        resolve(decodeMessage(new Uint8Array(buffer.subarray(2, 2 + buffer.readUInt16BE(0)))));
      }
    });
    socket.on("error", reject);
    const frame = Buffer.alloc(2 + packet.length);
    frame.writeUInt16BE(packet.length, 0);
    Buffer.from(packet).copy(frame, 2);
    socket.write(frame);
  });
}

describe("netspec serve path on loopback", () => {
  it("answers the kubernetes service A record over UDP, dig-style", async () => {
    const reply = await udp(
      encodeMessage(makeQuery({ name: "kubernetes.default.svc.cluster.local.", type: "A", id: 4242 })),
    );
    expect(reply.id).toBe(4242);
    expect(reply.rcode).toBe("NOERROR");
    expect(reply.flags.aa).toBe(true);
    // kind's Corefile passes kubernetes answers through `cache 30`, which clamps TTL 30 → 30.
    expect(reply.answer.map(presentLine)).toEqual([
      "kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1",
    ]);
  });

  it("answers a headless SRV per endpoint with weight floor(100/2) over TCP", async () => {
    const reply = await tcp(
      encodeMessage(makeQuery({ name: "_foo._tcp.bar.default.svc.cluster.local.", type: "SRV" })),
    );
    expect(reply.answer.map((r) => presentLine(r).split(" ").slice(3).join(" ")).sort()).toEqual([
      "SRV 0 50 1234 foo.bar.default.svc.cluster.local.",
      "SRV 0 50 1234 foo2.bar.default.svc.cluster.local.",
    ]);
    expect(reply.additional.filter((r) => r.type === "A")).toHaveLength(2);
  });

  it("gives NXDOMAIN with the zone SOA in authority for a missing service", async () => {
    const reply = await udp(encodeMessage(makeQuery({ name: "nope.default.svc.cluster.local.", type: "A" })));
    expect(reply.rcode).toBe("NXDOMAIN");
    expect(reply.authority.map((r) => r.type)).toEqual(["SOA"]);
    expect(reply.authority[0]?.name).toBe("cluster.local.");
  });

  it("answers garbage with a header with FORMERR and keeps serving", async () => {
    const garbage = new Uint8Array([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
    const reply = await udp(garbage);
    expect(reply.id).toBe(0x1234);
    expect(reply.rcode).toBe("FORMERR");
    const again = await udp(
      encodeMessage(makeQuery({ name: "kubernetes.default.svc.cluster.local.", type: "A" })),
    );
    expect(again.rcode).toBe("NOERROR");
  });
});
