import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

const at = (body: string) => corefileError(`. {\n    timeouts {\n        ${body}\n    }\n    whoami\n}`);

describe("timeouts (plugin/timeouts)", () => {
  it("valid timeouts parse and change no answer", () => {
    expect(at("read 10s\n        write 20\n        idle 1m\n        maxtcpqueries -1")).toBe("ok");
    const s = corefileDig(". {\n    timeouts {\n        read 30s\n    }\n    whoami\n}");
    expect(s.dig("example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
  });

  it("out-of-range or malformed values fail with CoreDNS's words", () => {
    expect(at("read 500ms")).toBe(
      "line 3: plugin/timeouts: timeout provided '500ms' needs to be between 1 second and 24 hours",
    );
    expect(at("idle 25h")).toBe(
      "line 3: plugin/timeouts: timeout provided '25h0m0s' needs to be between 1 second and 24 hours",
    );
    expect(at("write soon")).toBe("line 3: plugin/timeouts: failed to parse duration 'soon'");
    expect(at("linger 5s")).toBe("line 3: plugin/timeouts: unknown option: 'linger'");
    expect(at("maxtcpqueries 0")).toBe(
      "line 3: plugin/timeouts: maxtcpqueries provided '0' needs to be -1 (unlimited) or a positive integer",
    );
    expect(at("read 5s 6s")).toBe(
      "line 3: plugin/timeouts: Wrong argument count or unexpected line ending after '6s'",
    );
    expect(corefileError(". {\n    timeouts\n}")).toBe(
      "line 2: plugin/timeouts: plugin/timeouts: timeouts block with no timeouts specified",
    );
  });
});
