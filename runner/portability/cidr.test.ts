import { describe, expect, it } from "vitest";
import { inCidr } from "./cidr.js";

describe("inCidr", () => {
  it("compares IPv4 and IPv6 prefixes, never across families", () => {
    expect(inCidr("10.96.7.7", "10.96.0.0/16")).toBe(true);
    expect(inCidr("10.97.0.1", "10.96.0.0/16")).toBe(false);
    expect(inCidr("172.30.155.179", "10.96.0.0/16")).toBe(false);
    expect(inCidr("fd00:10:96::55", "fd00:10:96::/112")).toBe(true);
    expect(inCidr("fd00:10:97::55", "fd00:10:96::/112")).toBe(false);
    expect(inCidr("10.96.0.1", "fd00:10:96::/112")).toBe(false);
    expect(inCidr("not-an-ip", "10.96.0.0/16")).toBe(false);
  });
});
