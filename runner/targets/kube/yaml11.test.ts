import { describe, expect, it } from "vitest";
import { parseManifests, stringifyManifest } from "./yaml11.js";

describe("manifests rewritten keep what kubectl reads in them (YAML 1.1)", () => {
  it('a quoted "yes" stays a string, a bare yes is the boolean kubectl sees', () => {
    const [o] = parseManifests('metadata: { labels: { solo: "yes" } }\nspec: { flag: yes }\n');
    expect(o).toEqual({ metadata: { labels: { solo: "yes" } }, spec: { flag: true } });
    expect(stringifyManifest(o)).toContain('solo: "yes"');
    expect(parseManifests(stringifyManifest(o))).toEqual([o]);
  });
});
