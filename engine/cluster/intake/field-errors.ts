/**
 * Validation errors as apimachinery/pkg/util/validation/field/errors.go makes and prints them:
 * `<path>: <Type>[: <value>][: <detail>]`, the value printed like Go's fmt (%v for numbers and
 * booleans, %q for strings, %#v for slices, maps and structs), and a list of them aggregated into one
 * message the way ErrorList.ToAggregate does (duplicates dropped, several in `[a, b]`).
 */

export type FieldErrorType =
  | "Not found"
  | "Required value"
  | "Duplicate value"
  | "Invalid value"
  | "Unsupported value"
  | "Forbidden"
  | "Too long"
  | "Too many"
  | "Internal error";

/** A value already printed the way Go's %#v prints it (`[]string{"a"}`, `core.ServicePort{...}`). */
export class GoValue {
  constructor(readonly text: string) {}
}

/** field.omitValue: TooMany with an unknown count prints no value. */
const OMIT = Symbol("omit");

export interface FieldError {
  type: FieldErrorType;
  field: string;
  value: unknown;
  detail: string;
  /** StatusCause.Type: FieldValueInvalid, FieldValueRequired, ... */
  reason: string;
}

const REASONS: Record<FieldErrorType, string> = {
  "Not found": "FieldValueNotFound",
  "Required value": "FieldValueRequired",
  "Duplicate value": "FieldValueDuplicate",
  "Invalid value": "FieldValueInvalid",
  "Unsupported value": "FieldValueNotSupported",
  Forbidden: "FieldValueForbidden",
  "Too long": "FieldValueTooLong",
  "Too many": "FieldValueTooMany",
  "Internal error": "InternalError",
};

function make(type: FieldErrorType, field: string, value: unknown, detail: string): FieldError {
  return { type, field, value, detail, reason: REASONS[type] };
}

export const fe = {
  invalid: (field: string, value: unknown, detail: string) => make("Invalid value", field, value, detail),
  required: (field: string, detail = "") => make("Required value", field, "", detail),
  duplicate: (field: string, value: unknown) => make("Duplicate value", field, value, ""),
  notFound: (field: string, value: unknown) => make("Not found", field, value, ""),
  /** field.NotSupported: the valid values quoted with strconv.Quote, in the order given. */
  notSupported: (field: string, value: unknown, valid: readonly string[]) =>
    make(
      "Unsupported value",
      field,
      value,
      valid.length ? `supported values: ${valid.map(goQuote).join(", ")}` : "",
    ),
  forbidden: (field: string, detail: string) => make("Forbidden", field, "", detail),
  tooLong: (field: string, value: unknown, max: number) =>
    make("Too long", field, value, `must have at most ${max} bytes`),
  tooLongMaxLength: (field: string, value: unknown, max: number) =>
    make("Too long", field, value, max >= 0 ? `may not be longer than ${max}` : "value is too long"),
  tooMany: (field: string, actual: number, max: number) =>
    make(
      "Too many",
      field,
      actual >= 0 ? actual : OMIT,
      max >= 0 ? `must have at most ${max} items` : "has too many items",
    ),
  internal: (field: string, detail: string) => make("Internal error", field, null, detail),
};

/** strconv.Quote: printable characters kept, the rest escaped as Go escapes them. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (c >= 0x80 && c < 0xa0) out += `\\u${c.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** %#v of a []T of strings (`[]string{"a", "b"}`, `[]core.IPFamily{"IPv4"}`). */
export function goStrings(values: readonly string[], type = "string"): GoValue {
  return new GoValue(`[]${type}{${values.map(goQuote).join(", ")}}`);
}

/** %#v of a map[string]string, keys sorted as fmt sorts them. */
export function goStringMap(m: Record<string, string>): GoValue {
  const keys = Object.keys(m).sort(goCompare);
  return new GoValue(`map[string]string{${keys.map((k) => `${goQuote(k)}:${goQuote(m[k]!)}`).join(", ")}}`);
}

/** Go's string order (UTF-8 bytes, i.e. code points), not JavaScript's UTF-16 order. */
export function goCompare(a: string, b: string): number {
  // Below the surrogates UTF-16 units are code points, so the first difference decides directly.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x >= 0xd800 || y >= 0xd800) return codePointCompare(a, b);
    if (x !== y) return x - y;
  }
  return hasHighUnits(a, n) || hasHighUnits(b, n) ? codePointCompare(a, b) : a.length - b.length;
}

function hasHighUnits(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return true;
  return false;
}

function codePointCompare(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/** Go's len() of a string: UTF-8 bytes (a lone surrogate counts as U+FFFD, as TextEncoder writes it). */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Error.ErrorBody: the type, the value unless the type omits it, the detail. */
export function errorBody(e: FieldError): string {
  let s: string = e.type;
  const omitsValue =
    e.type === "Required value" ||
    e.type === "Forbidden" ||
    e.type === "Too long" ||
    e.type === "Internal error";
  if (!omitsValue && e.value !== OMIT) s += `: ${printValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

function printValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof GoValue) return v.text;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return goStrings(v).text;
  return JSON.stringify(v);
}

export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** ErrorList.ToAggregate().Error(): unique messages, one bare or several in brackets. */
export function aggregate(errors: readonly FieldError[]): string {
  const seen: string[] = [];
  for (const e of errors) {
    const m = fieldErrorText(e);
    if (!seen.includes(m)) seen.push(m);
  }
  return seen.length === 1 ? seen[0]! : `[${seen.join(", ")}]`;
}
