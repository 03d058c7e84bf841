/**
 * Resource names and container resource requirements as kube-apiserver 1.31 validates them
 * (core/validation validation.go validateResourceName, validateContainerResourceName,
 * ValidateResourceQuantityValue, ValidateResourceRequirements; core/helper helpers.go for the
 * standard, native, extended and integer resource names).
 */
import { fe, GoValue, type FieldError } from "../field-errors.js";
import { obj, type JsonObject } from "../json.js";
import { isQualifiedName } from "./names.js";
import {
  compareQuantity,
  goQuantityDump,
  goQuantityString,
  milliValue,
  parseQuantity,
  rawQuantity,
  type Quantity,
} from "./quantity.js";

/** helper standardResources. */
export const STANDARD_RESOURCES = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

/** core.ResourceName is a fmt.Stringer, which field.Error prints bare. */
export const stringer = (k: string) => new GoValue(k);

export const isHugePages = (k: string) => k.startsWith("hugepages-");
/** helper.IsNativeResource. */
export const isNative = (k: string) => !k.includes("/") || k.includes("kubernetes.io/");

/** helper.IsExtendedResourceName. */
export const isExtended = (k: string) =>
  !isNative(k) && !k.startsWith("requests.") && isQualifiedName(`requests.${k}`).length === 0;

/** validateResourceName. */
export function validateResourceName(k: string, path: string): FieldError[] {
  const msgs = isQualifiedName(k);
  if (msgs.length) return msgs.map((m) => fe.invalid(path, stringer(k), m));
  if (
    !k.includes("/") &&
    !STANDARD_RESOURCES.has(k) &&
    !isHugePages(k) &&
    !k.startsWith("requests.hugepages-")
  )
    return [fe.invalid(path, stringer(k), "must be a standard resource type or fully qualified")];
  return [];
}

/** validateContainerResourceName. */
export function validateContainerResourceName(k: string, path: string): FieldError[] {
  const out = validateResourceName(k, path);
  if (!k.includes("/")) {
    if (!["cpu", "memory", "ephemeral-storage"].includes(k) && !isHugePages(k))
      return [...out, fe.invalid(path, stringer(k), "must be a standard resource for containers")];
  } else if (!isNative(k) && !isExtended(k))
    return [...out, fe.invalid(path, stringer(k), "doesn't follow extended resource name standard")];
  return out;
}

const INTEGER = new Set([
  "pods",
  "resourcequotas",
  "services",
  "replicationcontrollers",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

/** helper.IsIntegerResourceName. */
export const isIntegerResource = (k: string) => INTEGER.has(k) || isExtended(k);

/** %#v of a Quantity, or its type name where it holds an inf.Dec pointer. */
export function quantityValue(text: string, stringCalled = true): GoValue {
  return new GoValue(goQuantityDump(text, stringCalled) ?? "resource.Quantity{...}");
}

/** ValidateResourceQuantityValue: non-negative, whole for integer resources. */
export function validateResourceQuantityValue(k: string, text: string, path: string): FieldError[] {
  const q = parseQuantity(text);
  if (!q) return [];
  const out: FieldError[] = [];
  if (q.n < 0n) out.push(fe.invalid(path, goQuantityString(text), "must be greater than or equal to 0"));
  if (isIntegerResource(k) && milliValue(q) % 1000n !== 0n)
    out.push(fe.invalid(path, quantityValue(text, false), "must be an integer"));
  return out;
}

/** helper.IsHugePageResourceValueDivisible. */
function hugePagesDivisible(k: string, q: Quantity): boolean {
  const size = parseQuantity(k.slice("hugepages-".length));
  if (!size || size.n <= 0n || milliValue(size) % 1000n !== 0n) return false;
  const whole = (x: Quantity) => (milliValue(x) + 999n) / 1000n;
  return whole(q) % whole(size) === 0n;
}

/** ValidateResourceRequirements (the claims, which need DRA, are not checked). */
export function validateResourceRequirements(res: JsonObject, path: string): FieldError[] {
  const out: FieldError[] = [];
  const limits = obj(res, "limits");
  const requests = obj(res, "requests");
  const qos = new Set(["cpu", "memory"]);
  let cpuOrMemory = false;
  let hugePages = false;
  const hugeCheck = (k: string, text: string, q: Quantity, p: string) => {
    if (!isHugePages(k)) return;
    hugePages = true;
    if (!hugePagesDivisible(k, q))
      out.push(
        fe.invalid(
          p,
          goQuantityString(text),
          `${goQuantityString(text)} is not positive integer multiple of ${k}`,
        ),
      );
  };
  for (const k of Object.keys(limits)) {
    const p = `${path}.limits[${k}]`;
    const text = rawQuantity(limits, k);
    out.push(...validateContainerResourceName(k, p), ...validateResourceQuantityValue(k, text, p));
    const q = parseQuantity(text);
    if (q) hugeCheck(k, text, q, p);
    if (qos.has(k)) cpuOrMemory = true;
  }
  for (const k of Object.keys(requests)) {
    const p = `${path}.requests[${k}]`;
    const text = rawQuantity(requests, k);
    out.push(...validateContainerResourceName(k, p), ...validateResourceQuantityValue(k, text, p));
    const q = parseQuantity(text);
    const overcommit = isNative(k) && !isHugePages(k);
    if (k in limits) {
      const ltext = rawQuantity(limits, k);
      const l = parseQuantity(ltext);
      if (q && l) {
        const cmp = compareQuantity(q, l);
        if (cmp !== 0 && !overcommit)
          out.push(
            fe.invalid(
              `${path}.requests`,
              goQuantityString(text),
              `must be equal to ${k} limit of ${goQuantityString(ltext)}`,
            ),
          );
        else if (cmp > 0)
          out.push(
            fe.invalid(
              `${path}.requests`,
              goQuantityString(text),
              `must be less than or equal to ${k} limit of ${goQuantityString(ltext)}`,
            ),
          );
      }
    } else if (!overcommit)
      out.push(fe.required(`${path}.limits`, "Limit must be set for non overcommitable resources"));
    if (q) hugeCheck(k, text, q, p);
    if (qos.has(k)) cpuOrMemory = true;
  }
  if (!cpuOrMemory && hugePages) out.push(fe.forbidden(path, "HugePages require cpu or memory"));
  return out;
}
