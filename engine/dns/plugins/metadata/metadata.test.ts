import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

describe("metadata (plugin/metadata)", () => {
  it("parses with or without zones and passes queries on", () => {
    const s = corefileDig("example.org {\n    metadata example.org\n    whoami\n}");
    expect(s.dig("a.example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd");
  });

  it("a block or a second metadata is an argument error", () => {
    expect(corefileError(". {\n    metadata {\n        x\n    }\n}")).toBe(
      "line 3: plugin/metadata: Wrong argument count or unexpected line ending after 'x'",
    );
    expect(corefileError(". {\n    metadata\n    metadata\n}")).toBe(
      "line 3: plugin/metadata: Wrong argument count or unexpected line ending after 'metadata'",
    );
  });
});
