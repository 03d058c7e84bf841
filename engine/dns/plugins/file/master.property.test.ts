/**
 * The master-file reader under random input: it either returns records or throws one of its own
 * errors (a syntax error at a line, an unmodelled type), never anything else; and what it reads,
 * printed back as zone-file lines (dig's presentation), reads back to the same records.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { presentLine } from "../../present.js";
import { ZoneSyntaxError } from "./lexer.js";
import { parseMasterFile } from "./master.js";
import { ZoneTypeUnmodelled } from "./rdata.js";

const token = fc.constantFrom(
  "@",
  "www",
  "*.w",
  "a.b.",
  "IN",
  "CH",
  "30",
  "1h",
  "A",
  "AAAA",
  "NS",
  "CNAME",
  "DNAME",
  "MX",
  "SRV",
  "TXT",
  "SOA",
  "CAA",
  "HINFO",
  "NAPTR",
  "192.0.2.1",
  "2001:db8::1",
  "10",
  '"q s"',
  '"',
  "(",
  ")",
  ";c",
  "\\#",
  "2",
  "abcd",
  "$ORIGIN",
  "$TTL",
  "$INCLUDE",
  "x.db",
  "\\.",
  "0",
  "issue",
);
const line = fc
  .tuple(fc.boolean(), fc.array(token, { maxLength: 9 }))
  .map(([blank, t]) => `${blank ? "  " : ""}${t.join(" ")}`);
const text = fc.array(line, { maxLength: 12 }).map((l) => l.join("\n"));

describe("master files under random input", () => {
  it("never fails with anything but its own errors", () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 200 })), (t) => {
        try {
          parseMasterFile(t, "example.org.", "/z/db", () => "www IN A 192.0.2.9\n");
        } catch (e) {
          expect(e instanceof ZoneSyntaxError || e instanceof ZoneTypeUnmodelled).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("records printed back as zone lines read back the same", () => {
    fc.assert(
      fc.property(text, (t) => {
        let rrs;
        try {
          rrs = parseMasterFile(t, "example.org.", "/z/db");
        } catch {
          return;
        }
        const back = parseMasterFile(rrs.map(presentLine).join("\n"), "example.org.", "/z/db");
        expect(back).toEqual(rrs);
      }),
      { numRuns: 3000 },
    );
  });
});
