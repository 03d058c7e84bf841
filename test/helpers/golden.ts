/** Golden files for black-box tests: output compared with `DIR/golden/NAME`, rewritten with UPDATE_GOLDEN=1. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

/** Expects `actual` to be `dir`/golden/`name`; writes the file first when it is missing or UPDATE_GOLDEN is set. */
export function expectGolden(dir: string, name: string, actual: string): void {
  const path = join(dir, "golden", name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}
