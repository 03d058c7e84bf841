import { describe, expect, it } from "vitest";
import type { CliIo } from "../cli-io.js";
import { useColor } from "./shared.js";

const io = (env: Record<string, string>, isTTY: boolean) => ({ env, isTTY }) as unknown as CliIo;

describe("useColor", () => {
  it("follows Node's order: --no-color, FORCE_COLOR, NO_COLOR, then the terminal", () => {
    expect(useColor(io({}, true), true)).toBe(true);
    expect(useColor(io({}, false), true)).toBe(false);
    expect(useColor(io({}, true), false)).toBe(false);
    expect(useColor(io({ NO_COLOR: "1" }, true), true)).toBe(false);
    // An empty NO_COLOR does not count (https://no-color.org).
    expect(useColor(io({ NO_COLOR: "" }, true), true)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: "1" }, false), true)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: "" }, false), true)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: "0" }, true), true)).toBe(false);
    expect(useColor(io({ FORCE_COLOR: "1", NO_COLOR: "1" }, false), true)).toBe(true);
    expect(useColor(io({ FORCE_COLOR: "1" }, false), false)).toBe(false);
  });
});
