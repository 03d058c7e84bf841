import { describe, expect, it } from "vitest";
import { pollIntervals } from "./poll.js";

describe("poll intervals", () => {
  it("step virtual time by whole seconds up to the deadline", () => {
    expect(pollIntervals(3500, true)).toEqual([1000, 1000, 1000, 500]);
    expect(pollIntervals(0, true)).toEqual([]);
  });
  it("back off on real time from 250 ms to 2 s, never past the deadline", () => {
    expect(pollIntervals(6000, false)).toEqual([250, 500, 1000, 2000, 2000, 250]);
  });
});
