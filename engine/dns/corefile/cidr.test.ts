import { describe, expect, it } from "vitest";
import { reverseZonesForCidr } from "./cidr.js";

describe("CIDR zones (plugin/pkg/cidr Split + Reverse)", () => {
  it("octet-aligned IPv4", () => {
    expect(reverseZonesForCidr("10.0.0.0/24")).toEqual(["0.0.10.in-addr.arpa."]);
    expect(reverseZonesForCidr("10.96.0.0/16")).toEqual(["96.10.in-addr.arpa."]);
    expect(reverseZonesForCidr("10.0.0.7/8")).toEqual(["10.in-addr.arpa."]);
  });
  it("non-aligned prefixes split on the next boundary", () => {
    expect(reverseZonesForCidr("10.0.0.0/23")).toEqual(["0.0.10.in-addr.arpa.", "1.0.10.in-addr.arpa."]);
    expect(reverseZonesForCidr("172.16.0.0/12")?.length).toBe(16);
    expect(reverseZonesForCidr("fd00:10:96::/112")).toEqual([
      "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.",
    ]);
    expect(reverseZonesForCidr("fd00::/15")).toEqual(["0.0.d.f.ip6.arpa.", "1.0.d.f.ip6.arpa."]);
  });
  it("not a CIDR", () => {
    expect(reverseZonesForCidr("cluster.local")).toBeUndefined();
    expect(reverseZonesForCidr("10.0.0.0/33")).toBeUndefined();
  });
});
