import { describe, expect, it } from "vitest";
import { ownerOf } from "./connect.js";

const pod = (ref: string, ip: string) => ({ ref, ip, hostname: ref.split("/")[1]! });

describe("which pod answered with a hostname two pods share", () => {
  const both = [pod("ns-x/a", "10.244.1.4"), pod("ns-y/a", "10.244.2.7")];

  it("is the one connected to, else kube-proxy's candidate, else the one in the destination's namespace", () => {
    expect(ownerOf(both, "10.244.2.7", [], undefined)).toBe("ns-y/a");
    expect(ownerOf(both, "10.96.4.4", ["ns-y/a"], undefined)).toBe("ns-y/a");
    expect(ownerOf(both, "s-y-a.ns-y", [], "ns-y")).toBe("ns-y/a");
  });

  it("is not claimed while still ambiguous", () => {
    expect(ownerOf(both, "10.96.4.4", [], "ns-z")).toBeUndefined();
    expect(ownerOf([both[0]!], "10.96.4.4", [], undefined)).toBe("ns-x/a");
  });
});
