/**
 * resource.Quantity for validation messages and canonical output (apimachinery/pkg/api/resource
 * quantity.go): parse, compare, and print the canonical string, e.g. `1000m` → `1`, `0.5` → `500m`,
 * `1024Mi` → `1Gi`. Exact for the decimal and binary suffixes manifests use.
 */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

export interface Quantity {
  /** value = n × 10^scale, exactly. */
  n: bigint;
  scale: number;
  format: "DecimalSI" | "BinarySI" | "DecimalExponent";
}

export function parseQuantity(text: string): Quantity | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  const num = m[1]!;
  const suffix = m[2]!;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) return undefined;
  const neg = num.startsWith("-");
  const digits = num.replace(/^[+-]/, "");
  const [int, frac = ""] = digits.split(".");
  let n = BigInt(`${int || "0"}${frac}`) * (neg ? -1n : 1n);
  const scale = -frac.length;
  if (suffix in BINARY) {
    n *= 2n ** BigInt(BINARY[suffix]!);
    return normal({ n, scale, format: "BinarySI" });
  }
  if (suffix in DECIMAL) return normal({ n, scale: scale + DECIMAL[suffix]!, format: "DecimalSI" });
  const e = /^[eE]([-+]?\d+)$/.exec(suffix);
  if (e) return normal({ n, scale: scale + Number(e[1]), format: "DecimalExponent" });
  return undefined;
}

function normal(q: Quantity): Quantity {
  let { n, scale } = q;
  while (n !== 0n && n % 10n === 0n) {
    n /= 10n;
    scale++;
  }
  if (n === 0n) scale = 0;
  return { ...q, n, scale };
}

/** Compare a and b: -1, 0, 1. */
export function compareQuantity(a: Quantity, b: Quantity): number {
  const s = Math.min(a.scale, b.scale);
  const x = a.n * 10n ** BigInt(a.scale - s);
  const y = b.n * 10n ** BigInt(b.scale - s);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.String(): the canonical form of its format. */
export function quantityString(q: Quantity): string {
  if (q.n === 0n) return "0";
  if (q.format === "BinarySI" && q.scale >= 0) {
    const v = q.n * 10n ** BigInt(q.scale);
    for (const [suffix, exp] of Object.entries(BINARY).reverse()) {
      const unit = 2n ** BigInt(exp);
      if (v % unit === 0n && (v / unit >= 1n || v / unit <= -1n)) return `${v / unit}${suffix}`;
    }
    if (v < 1024n && v > -1024n) return String(v);
  }
  // DecimalSI (and binary values that are not whole): mantissa with an exponent multiple of 3.
  let exp = q.scale;
  let n = q.n;
  while (((exp % 3) + 3) % 3 !== 0) {
    n *= 10n;
    exp--;
  }
  if (exp < -9) {
    const shift = BigInt(-9 - exp);
    const d = 10n ** shift;
    n = n > 0n ? (n + d - 1n) / d : n / d;
    exp = -9;
  }
  if (q.format === "DecimalExponent") return exp === 0 ? String(n) : `${n}e${exp}`;
  const suffix = Object.entries(DECIMAL).find(([, e]) => e === exp)?.[0];
  return suffix === undefined ? `${n}e${exp}` : `${n}${suffix}`;
}

export function canonicalQuantity(text: string): string {
  const q = parseQuantity(text);
  return q ? quantityString(q) : text;
}

const GO_DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const GO_BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

interface GoQuantity {
  value: bigint;
  scale: number;
  /** The cached string (q.s), empty when ParseQuantity did not keep it. */
  s: string;
  format: string;
}

/**
 * resource.ParseQuantity's int64 fast path (apimachinery quantity.go ParseQuantity and
 * parseQuantityString), then SetDefaults_ResourceList's RoundUp(milli) (core/v1 defaults.go);
 * undefined where the server keeps an inf.Dec, which %#v prints as a pointer.
 */
function goParse(text: string): GoQuantity | undefined {
  const g = goParseQuantity(text);
  return g && roundUpMilli(g);
}

/** ParseQuantity's int64 fast path alone. */
function goParseQuantity(text: string): GoQuantity | undefined {
  const str = text.trim();
  if (str === "0") return { value: 0n, scale: 0, s: "0", format: "DecimalSI" };
  const m = /^([+-]?)(0*)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*)([-+]?\d*)$/.exec(str);
  if (!m) return undefined;
  const positive = m[1] !== "-";
  const num = m[3] || "0";
  const denom = m[4] ?? "";
  const suffix = m[5]! + m[6]!;
  let exponent: number;
  let format: string;
  if (suffix in GO_DECIMAL) [exponent, format] = [GO_DECIMAL[suffix]!, "DecimalSI"];
  else if (suffix in GO_BINARY) [exponent, format] = [GO_BINARY[suffix]!, "BinarySI"];
  else if (/^[eE][-+]?\d+$/.test(suffix)) [exponent, format] = [Number(suffix.slice(1)), "DecimalExponent"];
  else return undefined;
  let scale = 0;
  let mantissa = 1n;
  let precision: number;
  if (format === "BinarySI") {
    if (denom.length !== 0) return undefined;
    mantissa = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision < 0) return undefined;
  scale -= denom.length;
  if (scale < -9) return undefined;
  const shifted = num + denom;
  const v = BigInt(shifted);
  if (v > 2n ** 63n - 1n) return undefined;
  const r = v * mantissa;
  if (r > 2n ** 63n - 1n) return undefined;
  const value = positive ? r : -r;
  let s = "";
  if (format === "BinarySI") {
    if (exponent % 10 === 0 && (v & 7n) !== 0n) s = str;
  } else if (scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0") s = str;
  return { value, scale, s, format };
}

/** Quantity.RoundUp(-3) on an int64Amount (negativeScaleInt64 rounds away from zero). */
function roundUpMilli(q: GoQuantity): GoQuantity {
  if (q.scale >= -3) return q;
  const d = 10n ** BigInt(-3 - q.scale);
  const whole = q.value / d;
  const value = q.value % d === 0n ? whole : whole + (q.value > 0n ? 1n : -1n);
  return { value, scale: -3, s: "", format: q.format };
}

/** Quantity.String() after the server's decoding: the kept string, else the canonical form. */
export function goQuantityString(text: string): string {
  const g = goParse(text);
  if (g?.s) return g.s;
  if (g)
    return quantityString(normal({ n: g.value, scale: g.scale, format: g.format as Quantity["format"] }));
  return canonicalQuantity(text);
}

/**
 * %#v of a resource.Quantity as validation prints it, or undefined where it holds an inf.Dec pointer.
 * stringCalled: the same expression called String() on it, which fills s (Go evaluates the calls
 * of an argument list before the plain operands).
 */
export function goQuantityDump(text: string, stringCalled = true): string | undefined {
  const g = goParse(text);
  if (!g) return undefined;
  const s = stringCalled ? goQuantityString(text) : g.s;
  return `resource.Quantity{i:resource.int64Amount{value:${g.value}, scale:${g.scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"${s}", Format:"${g.format}"}`;
}

/** The texts as the request held them, by resource list: validation prints the decoded Quantity. */
const RAW = new WeakMap<object, Record<string, string>>();

/** Remember a resource list's texts before defaulting canonicalises them (first call wins). */
export function keepRawQuantities(list: Record<string, unknown> | undefined): void {
  if (list && !RAW.has(list))
    RAW.set(list, Object.fromEntries(Object.entries(list).map(([k, v]) => [k, String(v)])));
}

export function rawQuantity(list: Record<string, unknown>, key: string): string {
  return RAW.get(list)?.[key] ?? String(list[key]);
}

/** Record a defaulted entry's text (copied from another list). */
export function setRawQuantity(list: Record<string, unknown>, key: string, text: string): void {
  const m = RAW.get(list) ?? {};
  m[key] = text;
  RAW.set(list, m);
}

/** Quantity.MilliValue(): scaled to milli units, rounding away from zero (negativeScaleInt64). */
export function milliValue(q: Quantity): bigint {
  const e = q.scale + 3;
  if (e >= 0) return q.n * 10n ** BigInt(e);
  const d = 10n ** BigInt(-e);
  const w = q.n / d;
  return q.n % d === 0n ? w : w + (q.n > 0n ? 1n : -1n);
}

/**
 * SetDefaults_ResourceList (core/v1 defaults.go): each value rounded up to milli units; it then
 * prints as MarshalJSON does, the kept text or the canonical form. The request's texts are kept
 * for validation messages.
 */
export function defaultResourceList(list: Record<string, unknown> | undefined): void {
  if (!list) return;
  keepRawQuantities(list);
  // A number is the JSON text sigs.k8s.io/yaml wrote (json.Marshal of an int64 or float64).
  for (const [k, v] of Object.entries(list))
    if (typeof v === "string" || typeof v === "number") list[k] = goQuantityString(String(v));
}

/** Quantity.MarshalJSON after UnmarshalJSON, for Quantities no defaulting rounds (sizeLimit, capacity). */
export function quantityJSON(text: string): string {
  const g = goParseQuantity(text);
  if (g?.s) return g.s;
  if (g)
    return quantityString(normal({ n: g.value, scale: g.scale, format: g.format as Quantity["format"] }));
  const q = parseQuantity(text);
  return q ? quantityString(q) : text;
}
