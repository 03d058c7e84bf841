import { describe, expect, it } from "vitest";
import { corefileDig, corefileError } from "../testing/corefile.js";

const HOSTS = `hosts {
        10.1.1.1 www.example.org
    }`;

describe("header (plugin/header)", () => {
  it("`response set ra` / `clear aa` change the flags of the reply hosts writes", () => {
    const s = corefileDig(
      `example.org {\n    header {\n        response set ra\n        response clear aa\n    }\n    ${HOSTS}\n}`,
    );
    expect(s.dig("www.example.org", "A")).toBe(
      ";; status: NOERROR, flags: qr rd ra\n;; ANSWER:\nwww.example.org. 3600 IN A 10.1.1.1",
    );
  });

  it("`query clear rd` clears RD before the chain: the reply copies the cleared bit", () => {
    const s = corefileDig(`example.org {\n    header {\n        query clear rd\n    }\n    ${HOSTS}\n}`);
    expect(s.dig("www.example.org", "A")).toBe(
      ";; status: NOERROR, flags: qr aa\n;; ANSWER:\nwww.example.org. 3600 IN A 10.1.1.1",
    );
  });

  it("several flags on one line; the bare SERVFAIL the server core writes is left alone", () => {
    const s = corefileDig(`example.org {\n    header {\n        response set ra aa\n    }\n    whoami\n}`);
    expect(s.dig("x.example.org", "A").split("\n")[0]).toBe(";; status: NOERROR, flags: qr aa rd ra");
    const bare = corefileDig(`example.org {\n    header {\n        response set ra\n    }\n}`);
    expect(bare.dig("x.example.org", "A")).toBe(";; status: SERVFAIL, flags: qr rd");
  });

  it("bad rules fail at their line with CoreDNS's words", () => {
    const at = (body: string) => corefileError(`. {\n    header {\n        ${body}\n    }\n}`);
    expect(at("answer set ra")).toBe(
      "line 3: plugin/header: setting up rule: invalid selector=answer should be query or response",
    );
    expect(at("response toggle ra")).toBe(
      "line 3: plugin/header: setting up rule: unknown flag action=toggle, should be set or clear",
    );
    expect(at("response set ad")).toBe("line 3: plugin/header: setting up rule: unknown/unsupported flag=ad");
    expect(at("response set")).toBe(
      "line 3: plugin/header: setting up rule: invalid length for flags, at least one should be provided",
    );
    expect(at("query")).toBe("line 3: plugin/header: setting up rule: no flag action provided");
    expect(corefileError(". {\n    header\n}")).toBe(
      "line 2: plugin/header: Wrong argument count or unexpected line ending after 'header'",
    );
  });
});
