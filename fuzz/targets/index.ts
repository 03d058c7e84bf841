/** The fuzz targets by name (`npm run fuzz -- NAME`). */
import type { FuzzTarget } from "../target.js";
import { corefileTarget } from "./corefile.js";
import { dnsWireTarget } from "./dns-wire.js";
import { dslTarget } from "./dsl.js";
import { manifestTarget } from "./manifest.js";

export const TARGETS: readonly FuzzTarget[] = [dslTarget, dnsWireTarget, manifestTarget, corefileTarget];

export function targetNamed(name: string): FuzzTarget | undefined {
  return TARGETS.find((t) => t.name === name);
}
