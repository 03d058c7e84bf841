import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

describe("bind (plugin/bind)", () => {
  it("addresses and pod interface names are accepted and change no answer in the model", () => {
    expect(
      corefileError(". {\n    bind 127.0.0.1 ::1 lo eth0 {\n        except ::1\n    }\n    whoami\n}"),
    ).toBe("ok");
    const s = corefileDig(". {\n    bind 10.244.0.2\n    whoami\n}");
    expect(s.dig("example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
  });

  it("bad arguments fail with CoreDNS's words", () => {
    expect(corefileError(". {\n    bind\n}")).toBe(
      "line 2: plugin/bind: at least one address or interface name is expected",
    );
    expect(corefileError(". {\n    bind wlan7\n}")).toBe(
      'line 2: plugin/bind: not a valid IP address or interface name: "wlan7"',
    );
    expect(corefileError(". {\n    bind lo {\n        only 1.2.3.4\n    }\n}")).toBe(
      'line 3: plugin/bind: invalid option "only"',
    );
    expect(corefileError(". {\n    bind lo {\n        except\n    }\n}")).toBe(
      "line 3: plugin/bind: at least one address or interface must be given to except subdirective",
    );
  });
});
