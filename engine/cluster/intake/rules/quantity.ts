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
