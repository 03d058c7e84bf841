import { describe, it, expect } from "vitest";
import { editDistance, suggest } from "./suggest.js";

describe("suggest", () => {
  it("measures edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
  });
  it("offers the closest candidate within reach", () => {
    expect(suggest("expct", ["expect", "apply"])).toBe("expect");
    expect(suggest("NXDOMAN", ["NOERROR", "NXDOMAIN"])).toBe("NXDOMAIN");
    expect(suggest("zzzzzz", ["expect", "apply"])).toBeUndefined();
  });
});
