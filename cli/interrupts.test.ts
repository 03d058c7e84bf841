import { describe, expect, it } from "vitest";
import { interruptHandler } from "./interrupts.js";

function handler() {
  const seen: string[] = [];
  let t = 0;
  const on = interruptHandler({
    abort: () => seen.push("abort"),
    quit: () => seen.push("quit"),
    say: () => seen.push("say"),
    now: () => t,
  });
  return { seen, on, at: (ms: number) => (t = ms) };
}

describe("interrupts", () => {
  it("the first aborts, a second one later quits at once", () => {
    const h = handler();
    h.on();
    h.at(2500);
    h.on();
    expect(h.seen).toEqual(["say", "abort", "quit"]);
  });

  it("GNU timeout's two SIGTERMs a moment apart are one interrupt: the run still cleans up", () => {
    const h = handler();
    h.on();
    h.at(20);
    h.on();
    expect(h.seen).toEqual(["say", "abort"]);
    h.at(1500);
    h.on();
    expect(h.seen).toEqual(["say", "abort", "quit"]);
  });
});
