import { describe, it, expect } from "vitest";
import {
  canonicalIp,
  parseCidr,
  cidrContains,
  nthAddress,
  subnet,
  formatCidr,
  reverseName,
  ipFromReverse,
  ipFamily,
} from "./index.js";

describe("ip", () => {
  it("formats like Go netip", () => {
    expect(canonicalIp("10.96.0.10")).toBe("10.96.0.10");
    expect(canonicalIp("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(canonicalIp("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(canonicalIp("::")).toBe("::");
    expect(canonicalIp("::1")).toBe("::1");
    expect(canonicalIp("::ffff:1.2.3.4")).toBe("::ffff:1.2.3.4");
    expect(canonicalIp("fd00:10:96::a")).toBe("fd00:10:96::a");
    expect(canonicalIp("1:2:3:4:5:6:7:8")).toBe("1:2:3:4:5:6:7:8");
    expect(canonicalIp("01.2.3.4")).toBeUndefined();
    expect(canonicalIp("1::2::3")).toBeUndefined();
    expect(canonicalIp("256.0.0.1")).toBeUndefined();
    expect(ipFamily("fd00::1")).toBe(6);
  });
});

describe("cidr", () => {
  it("contains, nth, subnets", () => {
    const c = parseCidr("10.96.0.0/12")!;
    expect(cidrContains(c, "10.111.255.255")).toBe(true);
    expect(cidrContains(c, "10.112.0.0")).toBe(false);
    expect(nthAddress(c, 10)).toBe("10.96.0.10");
    const pods = parseCidr("10.128.0.0/14")!;
    expect(formatCidr(subnet(pods, 23, 3)!)).toBe("10.128.6.0/23");
    const v6 = parseCidr("fd00:10:244::/56")!;
    expect(formatCidr(subnet(v6, 64, 1)!)).toBe("fd00:10:244:1::/64");
    expect(formatCidr(parseCidr("10.1.2.3/8")!)).toBe("10.0.0.0/8");
  });
});

describe("reverse", () => {
  it("round-trips", () => {
    expect(reverseName("10.96.0.10")).toBe("10.0.96.10.in-addr.arpa.");
    expect(ipFromReverse("10.0.96.10.in-addr.arpa.")).toBe("10.96.0.10");
    const r = reverseName("fd00::1")!;
    expect(r.startsWith("1.0.0.0.")).toBe(true);
    expect(ipFromReverse(r)).toBe("fd00::1");
    expect(ipFromReverse("96.10.in-addr.arpa.")).toBeUndefined();
  });
});
