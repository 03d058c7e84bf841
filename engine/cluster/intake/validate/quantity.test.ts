import { describe, expect, it } from "vitest";
import { canonicalQuantity, goQuantityDump, goQuantityString } from "./quantity.js";

const dump = (value: string, scale: number, s: string, format = "DecimalSI") =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"${s}", Format:"${format}"}`;

describe("resource.Quantity as kube-apiserver 1.31.4 prints it", () => {
  it("canonical strings", () => {
    expect(["1000m", "0.5", "1024Mi", "1.5", "2"].map(canonicalQuantity)).toEqual([
      "1",
      "500m",
      "1Gi",
      "1500m",
      "2",
    ]);
  });

  // Each dump below is what the real server printed in a LimitRange or ResourceQuota refusal.
  it("%#v after String(): the parsed int64Amount, s the kept text or the canonical form", () => {
    expect(goQuantityDump("1500m")).toBe(dump("1500", -3, "1500m"));
    expect(goQuantityDump("1000m")).toBe(dump("1000", -3, "1"));
    expect(goQuantityDump("0.5")).toBe(dump("5", -1, "500m"));
    expect(goQuantityDump("2Gi")).toBe(dump("2147483648", 0, "2Gi", "BinarySI"));
    expect(goQuantityDump("2")).toBe(dump("2", 0, "2"));
  });

  it("%#v without String(): s only where ParseQuantity kept the text", () => {
    expect(goQuantityDump("1.5", false)).toBe(dump("15", -1, ""));
    expect(goQuantityDump("1001m", false)).toBe(dump("1001", -3, "1001m"));
  });

  it("rounds up to milli units as SetDefaults_ResourceList does, and leaves inf.Dec values unprinted", () => {
    expect(goQuantityString("1n")).toBe("1m");
    expect(goQuantityDump("0.0000000001")).toBeUndefined();
  });
});
