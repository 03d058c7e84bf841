/** Typed reads from raw manifest data; a wrong type is a kube-style `Invalid value` at that field. */
import type { DocContext } from "./field-error.js";
import type { Labels } from "../model.js";

export type Raw = Record<string, unknown>;

export function isMap(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class Fields {
  constructor(readonly ctx: DocContext) {}

  map(v: unknown, path: string): Raw {
    if (v === undefined || v === null) return {};
    if (!isMap(v)) this.ctx.invalid(path, v, "expected an object");
    return v;
  }
  list(v: unknown, path: string): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.ctx.invalid(path, v, "expected a list");
    return v;
  }
  str(v: unknown, path: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") this.ctx.invalid(path, v, "expected a string");
    return v;
  }
  int(v: unknown, path: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) this.ctx.invalid(path, v, "expected an integer");
    return v;
  }
  bool(v: unknown, path: string): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") this.ctx.invalid(path, v, "expected a boolean");
    return v;
  }
  /** map[string]string (labels, annotations, selectors, data); YAML numbers/bools must be quoted as in the API. */
  strings(v: unknown, path: string): Labels {
    const m = this.map(v, path);
    const out: Labels = {};
    for (const [k, val] of Object.entries(m)) {
      if (typeof val !== "string") this.ctx.invalid(`${path}.${k}`, val, "expected a string");
      out[k] = val;
    }
    return out;
  }
  /** intstr: a number or a string. */
  intOrString(v: unknown, path: string): number | string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isInteger(v)) return v;
    if (typeof v === "string") return v;
    return this.ctx.invalid(path, v, "expected an integer or a string");
  }
}
