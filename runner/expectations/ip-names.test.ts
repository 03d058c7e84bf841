import { describe, it, expect } from "vitest";
import { dashedIp, reverseName } from "./ip-names.js";

describe("names made from an address", () => {
  it("dashes an address into one label", () => {
    expect(dashedIp("10.244.1.9")).toBe("10-244-1-9");
    expect(dashedIp("fd00:10:244:1::20")).toBe("fd00-10-244-1--20");
  });

  it("reverses IPv4 under in-addr.arpa and IPv6 nibbles under ip6.arpa", () => {
    expect(reverseName("10.244.1.9")).toBe("9.1.244.10.in-addr.arpa.");
    expect(reverseName("fd00:10:96::5")).toBe(
      "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa.",
    );
    expect(reverseName("not-an-ip")).toBeUndefined();
    expect(reverseName("1::2::3")).toBeUndefined();
  });
});
