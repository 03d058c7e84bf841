import { describe, expect, it } from "vitest";
import { nameText } from "./netspec-text.js";

describe("names in reproductions, as the language writes them", () => {
  it("a plain name is quoted", () => {
    expect(nameText("s0.default.svc.cluster.local.")).toBe('"s0.default.svc.cluster.local."');
  });
  it("a dashed pod address leads a name in parts", () => {
    expect(nameText("dashed(ip(pod default/p0)).s0.default.svc.cluster.local.")).toBe(
      "dashed-ip(pod default/p0).s0.default.svc.cluster.local.",
    );
  });
  it("a reversed address is its reverse-name, pod or service", () => {
    expect(nameText("reverse(ip(pod default/p0)).")).toBe("reverse-name(pod default/p0)");
    expect(nameText("reverse(cluster-ip(service default/s1)).")).toBe("reverse-name(service default/s1)");
  });
  it("a symbol inside a name cannot be written: undefined", () => {
    expect(nameText("x.dashed(ip(pod default/p0)).svc.")).toBeUndefined();
  });
});
