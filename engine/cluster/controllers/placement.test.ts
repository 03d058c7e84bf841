import { describe, expect, it } from "vitest";
import { NodeIpam } from "./placement.js";

describe("NodeIpam", () => {
  it("host-local starts at .2 (the gateway .1 is the bridge's)", () => {
    const r = new NodeIpam("10.244.3.0/24");
    expect([r.next(), r.next()]).toEqual(["10.244.3.2", "10.244.3.3"]);
  });

  it("OVN-Kubernetes keeps .1 (gateway) and .2 (management port) from pods: the first pod gets .3", () => {
    const r = new NodeIpam("10.128.8.0/23", "ovn-kubernetes");
    expect([r.next(), r.next()]).toEqual(["10.128.8.3", "10.128.8.4"]);
    expect(r.rangeText()).toBe("10.128.8.3-10.128.9.254");
  });

  it("OVN-Kubernetes allocates round-robin: a freed address comes back only after the cursor wraps", () => {
    const r = new NodeIpam("10.0.0.0/29", "ovn-kubernetes");
    const got = [r.next(), r.next(), r.next(), r.next()];
    expect(got).toEqual(["10.0.0.3", "10.0.0.4", "10.0.0.5", "10.0.0.6"]);
    expect(r.next()).toBeUndefined();
    r.release("10.0.0.4");
    expect(r.next()).toBe("10.0.0.4");
    const s = new NodeIpam("10.0.1.0/28", "ovn-kubernetes");
    const first = s.next()!;
    s.next();
    s.release(first);
    expect(s.next()).toBe("10.0.1.5");
  });

  it("IPv6 under OVN-Kubernetes reserves ::1 and ::2 too", () => {
    const r = new NodeIpam("fd00:10:128:8::/64", "ovn-kubernetes");
    expect(r.next()).toBe("fd00:10:128:8::3");
  });
});
