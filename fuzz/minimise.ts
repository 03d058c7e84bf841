/**
 * Crash minimisation: Zeller's ddmin ("Simplifying and Isolating Failure-Inducing Input", 2002) over
 * bytes — remove chunks of halving size while the same finding (same signature) still happens, the
 * job libFuzzer's `-minimize_crash=1` does. Bounded in attempts so a slow target cannot stall it.
 */
import { findingFor, type FuzzRunner } from "./target.js";

/** The finding signature `data` produces, or undefined when it runs cleanly. */
export function signatureOf(runner: FuzzRunner, data: Uint8Array): string | undefined {
  try {
    runner.run(data);
    return undefined;
  } catch (e) {
    return findingFor(e, data).signature;
  }
}

export function minimise(
  runner: FuzzRunner,
  input: Uint8Array,
  signature: string,
  maxAttempts = 2000,
): Uint8Array {
  let attempts = 0;
  const fails = (d: Uint8Array) => attempts++ < maxAttempts && signatureOf(runner, d) === signature;
  let cur = input;
  let n = 2;
  while (cur.length >= 2 && attempts < maxAttempts) {
    const chunk = Math.ceil(cur.length / n);
    let reduced = false;
    for (let start = 0; start < cur.length; start += chunk) {
      const without = new Uint8Array(cur.length - Math.min(chunk, cur.length - start));
      without.set(cur.subarray(0, start), 0);
      without.set(cur.subarray(start + chunk), start);
      if (fails(without)) {
        cur = without;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}
