/** Deterministic generated names: apimachinery's rand.String alphabet and the pod-template-hash. */
import type { Rng } from "../../support/index.js";

/** k8s.io/apimachinery/pkg/util/rand: alphanumerics without vowels and confusable characters. */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** generateName suffix (5 characters), drawn from the seeded RNG. */
export function randomSuffix(rng: Rng, n = 5): string {
  let s = "";
  for (let i = 0; i < n; i++) s += ALPHABET[rng.int(ALPHABET.length)];
  return s;
}

/** rand.SafeEncodeString: each byte mapped onto the alphabet. */
export function safeEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += ALPHABET[s.charCodeAt(i) % ALPHABET.length];
  return out;
}

/** FNV-1a 32-bit (controller.ComputeHash hashes the pod template with fnv32a). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** pod-template-hash: SafeEncodeString(fmt.Sprint(fnv32a(template))). */
export function podTemplateHash(template: unknown): string {
  return safeEncode(String(fnv32a(JSON.stringify(template))));
}

/** generateName keeps the prefix within 63 - 5 characters (names.SimpleNameGenerator). */
export function generateName(prefix: string, rng: Rng): string {
  const p = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  return p + randomSuffix(rng);
}
