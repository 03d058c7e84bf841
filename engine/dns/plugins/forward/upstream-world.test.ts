import { describe, expect, it } from "vitest";
import { makeQuery } from "../../present.js";
import { UpstreamWorld } from "./upstream-world.js";

const world = new UpstreamWorld(
  [
    { name: "db.corp.example", type: "A", data: "10.50.0.5", server: "10.0.1.53" },
    { name: "app.bar.com", type: "A", data: "10.60.0.6", server: "10.0.2.53:5353" },
    { name: "www.example.org", type: "A", data: "93.184.216.34" },
  ],
  1_700_000_000,
);

/** `dig @at name A` against the world: the rcode and the answer's addresses. */
function dig(name: string, at?: { ip: string; port: number }): string {
  const a = world.answer(makeQuery({ name, type: "A" }), at);
  if (a.kind !== "reply") return "timeout";
  return [a.msg.rcode, ...a.msg.answer.map((r) => (r.data as { address?: string }).address ?? "")].join(" ");
}

describe("upstream worlds per server", () => {
  it("a server answers its own records and the shared ones", () => {
    expect(dig("db.corp.example", { ip: "10.0.1.53", port: 53 })).toBe("NOERROR 10.50.0.5");
    expect(dig("www.example.org", { ip: "10.0.1.53", port: 53 })).toBe("NOERROR 93.184.216.34");
    expect(dig("app.bar.com", { ip: "10.0.2.53", port: 5353 })).toBe("NOERROR 10.60.0.6");
  });

  it("another server, or the same address on another port, does not hold them", () => {
    expect(dig("db.corp.example", { ip: "10.0.2.53", port: 5353 })).toBe("NXDOMAIN");
    expect(dig("app.bar.com", { ip: "10.0.2.53", port: 53 })).toBe("NXDOMAIN");
    expect(dig("db.corp.example", { ip: "10.0.0.2", port: 53 })).toBe("NXDOMAIN");
  });

  it("a query whose server is not known sees every record", () => {
    expect(dig("db.corp.example")).toBe("NOERROR 10.50.0.5");
  });
});
