import { describe, it, expect } from "vitest";
import type { ClusterView } from "../../cluster/index.js";
import { createClock, createRng } from "../../support/index.js";
import { createDnsService } from "../index.js";
import { dig, query } from "./testing/index.js";

// These plugins inside the server core (Corefile → chain in plugin.cfg order).
function service(corefile: string, nameservers: string[], clock = createClock()) {
  return createDnsService({
    corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
    env: {
      cluster: {} as ClusterView,
      clock,
      rng: createRng(1),
      upstream: [
        { name: "example.com", type: "A", data: "93.184.215.14", ttl: 120 },
        { name: "example.com", type: "A", data: "93.184.215.15", ttl: 120 },
      ],
      hostResolvConf: { nameservers, search: [], options: [] },
      selfAddresses: ["10.244.0.3"],
    },
  });
}

const COREFILE = `.:53 {
    errors
    forward . /etc/resolv.conf
    cache 30
    loop
    loadbalance
}`;
const meta = { clientIp: "10.244.1.9", transport: "udp" as const, port: 53 };

describe("forward/cache/loop/loadbalance in a server", () => {
  it("node resolv.conf pointing at 127.0.0.53 → loop detected at startup, CoreDNS exits", () => {
    const s = service(COREFILE, ["127.0.0.53"]);
    const st = s.status();
    expect(st.running).toBe(false);
    expect(st.reason).toMatch(
      /^\[FATAL\] plugin\/loop: Loop \(127\.0\.0\.1:\d+ -> :53\) detected for zone "\."/,
    );
  });

  it("a real upstream: answered, cached with TTL 30, reshuffled on hits", () => {
    const clock = createClock();
    const s = service(COREFILE, ["172.18.0.1"], clock);
    expect(s.status().running).toBe(true);
    const first = s.query(query("example.com."), meta);
    const r = { kind: "reply" as const, msg: first.reply!, by: "x" };
    expect(dig(r).answer.map((l) => l.replace(/ 93\.184\.215\.1[45]$/, ""))).toEqual([
      "example.com. 30 IN A",
      "example.com. 30 IN A",
    ]);
    clock.advance(10_000);
    const hit = s.query(query("example.com."), meta).reply!;
    expect(hit.flags.aa).toBe(true);
    expect(hit.answer.map((a) => a.ttl)).toEqual([20, 20]);
  });
});
