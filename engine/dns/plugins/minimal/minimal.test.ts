import { describe, expect, it } from "vitest";
import { corefileDig } from "../testing/corefile.js";

const ZONE = "$ORIGIN example.org.\n@ 60 IN SOA ns admin 1 2 3 4 5\n@ 60 IN NS ns\nns 60 IN A 192.0.2.53\n";

describe("minimal (plugin/minimal)", () => {
  it("a NoError reply loses its authority and additional sections", () => {
    const s = corefileDig("example.org {\n  minimal\n  file /z\n}", { files: { "/z": ZONE } });
    expect(s.dig("ns.example.org", "A")).toBe(
      ";; status: NOERROR, flags: qr aa rd\n;; ANSWER:\nns.example.org. 60 IN A 192.0.2.53",
    );
  });

  it("an unwritten REFUSED behind it (file's answer to AXFR without transfer) is SERVFAIL: the nil write panics", () => {
    const s = corefileDig("example.org {\n  minimal\n  file /z\n}", { files: { "/z": ZONE } });
    expect(s.dig("example.org", "AXFR", { transport: "tcp" })).toBe(";; status: SERVFAIL, flags: qr rd");
    const without = corefileDig("example.org {\n  file /z\n}", { files: { "/z": ZONE } });
    expect(without.dig("example.org", "AXFR", { transport: "tcp" })).toBe(";; status: REFUSED, flags: qr rd");
  });
});
