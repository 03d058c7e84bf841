import { describe, expect, it } from "vitest";
import { namespaceOf, ownerOf } from "./connect.js";

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

describe("the namespace a connect destination names", () => {
  it("is the service's or pod's own, or the second label of a dotted name", () => {
    expect(namespaceOf({ kind: "service", ref: { namespace: "shop", name: "web" } } as never, "client")).toBe(
      "shop",
    );
    expect(namespaceOf({ kind: "name", name: "web.shop" } as never, "client")).toBe("shop");
    expect(namespaceOf({ kind: "name", name: "web.shop.svc.cluster.local." } as never, "client")).toBe(
      "shop",
    );
  });

  it("is the client's own for a bare name, as the first search domain makes it", () => {
    expect(namespaceOf({ kind: "name", name: "web" } as never, "client")).toBe("client");
    expect(namespaceOf({ kind: "name", name: "web." } as never, "client")).toBeUndefined();
  });
});
