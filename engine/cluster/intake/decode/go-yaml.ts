/**
 * Plain-scalar resolution as kubectl's YAML reader does it: sigs.k8s.io/yaml (a fork of go-yaml v2,
 * YAML 1.1) — goyaml.v2 resolve.go `resolve` — then sigs.k8s.io/yaml's conversion to JSON
 * (yaml.go convertToJSONableObject): `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is octal,
 * `0x1F` hex, `1_000` an integer, `1e3` a float, `~` and `null` null, and timestamps stay strings.
 * Map keys become strings the way sigs.k8s.io/yaml formats them (`true`, `80`, `null`).
 */

/** The plain scalars that resolve by their whole text: nulls, YAML 1.1 booleans, special floats. */
const WORDS = new Map<string, null | boolean | number>();
for (const s of ["", "~", "null", "Null", "NULL"]) WORDS.set(s, null);
for (const s of ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]) WORDS.set(s, true);
for (const s of ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"])
  WORDS.set(s, false);
for (const s of [".nan", ".NaN", ".NAN"]) WORDS.set(s, NaN);
for (const s of [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]) WORDS.set(s, Infinity);
for (const s of ["-.inf", "-.Inf", "-.INF"]) WORDS.set(s, -Infinity);

/** First characters of scalars that may resolve to something other than a string. */
const RESOLVING_START = new Set([..."~.+-0123456789yYnNtTfFoO"].map((c) => c.charCodeAt(0)));

// goyaml.v2 resolve.go yamlStyleFloat.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64): sign, then 0x/0o/0b prefixes or a leading 0 for octal. */
export function goParseInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) v = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) v = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body.startsWith("0")) v = parseInt(body.slice(1), 8);
  else v = Number(body);
  if (!Number.isFinite(v) || Math.abs(v) > 2 ** 63) return undefined;
  return m[1] === "-" && v !== 0 ? -v : v;
}

/** The value of an unquoted scalar (goyaml.v2 resolve with no tag). */
export function resolvePlain(s: string): unknown {
  // Most scalars (names, kinds, images) start with a letter no resolution starts with.
  if (s.length > 0 && !RESOLVING_START.has(s.charCodeAt(0))) return s;
  const word = WORDS.get(s);
  if (word !== undefined) return word;
  const c = s[0]!;
  if (c === ".") {
    const f = Number(s);
    return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(f) ? f : s;
  }
  if (!/[-+0-9]/.test(c)) return s;
  const plain = s.replaceAll("_", "");
  const i = goParseInt(plain);
  if (i !== undefined) return i;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (!Number.isNaN(f)) return f;
  }
  return s;
}

/**
 * A resolved key as sigs.k8s.io/yaml writes it into JSON: strings as they are, booleans
 * `true`/`false`, integers in decimal, floats with %g at 32-bit precision, null as `null`.
 */
export function jsonKey(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    return goFormatG32(v);
  }
  return String(v);
}

/** strconv.FormatFloat(f, 'g', -1, 32): shortest float32 representation, exponent when large. */
function goFormatG32(f: number): string {
  const f32 = Math.fround(f);
  for (let p = 1; p <= 9; p++) {
    const s = f32.toPrecision(p);
    if (Math.fround(Number(s)) === f32) {
      const exp = Math.floor(Math.log10(Math.abs(f32)));
      if (exp < -4 || exp >= p) {
        const [m, e] = Number(s)
          .toExponential(p - 1)
          .split("e");
        const n = Number(e);
        return `${m!.replace(/\.?0+$/, "")}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
      }
      return String(Number(s));
    }
  }
  return String(f32);
}
