/**
 * LimitRange, as kube-apiserver 1.31 admits it: SetDefaults_LimitRangeItem (core/v1 defaults.go:
 * container defaults from max, default requests from default then min) and ValidateLimitRange
 * (core/validation validation.go): type names, resource names per type, min ≤ default request ≤
 * default ≤ max, ratios, and default = default request where overcommit is not allowed.
 */
import { fe, GoValue, type FieldError } from "../field-errors.js";
import { ensureObj, obj, objs, optObj, str, type JsonObject } from "../json.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";
import { isQualifiedName } from "../validate/names.js";
import {
  defaultResourceList,
  compareQuantity,
  goQuantityDump,
  goQuantityString,
  keepRawQuantities,
  parseQuantity,
  rawQuantity,
  setRawQuantity,
  type Quantity,
} from "../validate/quantity.js";
import { goStruct } from "./go-values.js";
import {
  isHugePages,
  isNative,
  validateContainerResourceName,
  validateResourceName,
} from "../validate/resources.js";
import type { KindRules } from "./rules.js";

const LISTS = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"] as const;

/** validateLimitRangeResourceName: containers and pods take container resource names. */
function limitResourceName(type: string, k: string, path: string): FieldError[] {
  return type === "Pod" || type === "Container"
    ? validateContainerResourceName(k, path)
    : validateResourceName(k, path);
}

function limitTypeName(t: string, path: string): FieldError[] {
  const msgs = isQualifiedName(t);
  if (msgs.length) return msgs.map((m) => fe.invalid(path, t, m));
  if (!t.includes("/") && !["Pod", "Container", "PersistentVolumeClaim"].includes(t))
    return [fe.invalid(path, t, "must be a standard limit type or fully qualified")];
  return [];
}

function dump(text: string): GoValue {
  const d = goQuantityDump(text);
  return d ? new GoValue(d) : goStruct("resource.Quantity");
}

interface Found {
  text: string;
  q: Quantity;
}

function found(l: JsonObject, list: (typeof LISTS)[number], k: string): Found | undefined {
  const m = optObj(l, list);
  if (!m || !(k in m)) return undefined;
  const text = rawQuantity(m, k);
  const q = parseQuantity(text);
  return q ? { text, q } : undefined;
}

const gt = (a: Found, b: Found) => compareQuantity(a.q, b.q) > 0;
const s = (f: Found) => goQuantityString(f.text);

/** The comparisons of one resource name, in ValidateLimitRange's order. */
function compareLimits(l: JsonObject, k: string, p: string, out: FieldError[]): void {
  const [max, min, def, req, ratio] = LISTS.map((list) => found(l, list, k));
  const at = (list: string) => `${p}.${list}[${k}]`;
  if (min && max && gt(min, max))
    out.push(
      fe.invalid(at("min"), dump(min.text), `min value ${s(min)} is greater than max value ${s(max)}`),
    );
  if (req && min && gt(min, req))
    out.push(
      fe.invalid(
        at("defaultRequest"),
        dump(req.text),
        `min value ${s(min)} is greater than default request value ${s(req)}`,
      ),
    );
  if (req && max && gt(req, max))
    out.push(
      fe.invalid(
        at("defaultRequest"),
        dump(req.text),
        `default request value ${s(req)} is greater than max value ${s(max)}`,
      ),
    );
  if (req && def && gt(req, def))
    out.push(
      fe.invalid(
        at("defaultRequest"),
        dump(req.text),
        `default request value ${s(req)} is greater than default limit value ${s(def)}`,
      ),
    );
  if (def && min && gt(min, def))
    out.push(
      fe.invalid(
        at("default"),
        dump(min.text),
        `min value ${s(min)} is greater than default value ${s(def)}`,
      ),
    );
  if (def && max && gt(def, max))
    out.push(
      fe.invalid(
        at("default"),
        dump(max.text),
        `default value ${s(def)} is greater than max value ${s(max)}`,
      ),
    );
  if (ratio && compareQuantity(ratio.q, { n: 1n, scale: 0, format: "DecimalSI" }) < 0)
    out.push(fe.invalid(at("maxLimitRequestRatio"), dump(ratio.text), `ratio ${s(ratio)} is less than 1`));
  if (ratio && min && max) {
    const limit = toNumber(max.q) / toNumber(min.q);
    if (toNumber(ratio.q) > limit)
      out.push(
        fe.invalid(
          at("maxLimitRequestRatio"),
          dump(ratio.text),
          `ratio ${s(ratio)} is greater than max/min = ${goFloat(limit)}`,
        ),
      );
  }
  if (!(isNative(k) && !isHugePages(k)) && def && req && compareQuantity(def.q, req.q) !== 0)
    out.push(
      fe.invalid(
        at("defaultRequest"),
        dump(req.text),
        `default value ${s(def)} must equal to defaultRequest value ${s(req)} in ${k}`,
      ),
    );
}

const toNumber = (q: Quantity) => Number(q.n) * 10 ** q.scale;

/** Go's %f. */
function goFloat(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "+Inf" : "-Inf";
  return x.toFixed(6);
}

function validateItem(l: JsonObject, i: number, types: Set<string>, out: FieldError[]): void {
  const p = `spec.limits[${i}]`;
  const t = str(l, "type");
  out.push(...limitTypeName(t, `${p}.type`));
  if (types.has(t)) out.push(fe.duplicate(`${p}.type`, t));
  types.add(t);
  const keys = new Set<string>();
  const names = (list: (typeof LISTS)[number]) => {
    for (const k of Object.keys(obj(l, list))) {
      out.push(...limitResourceName(t, k, `${p}.${list}[${k}]`));
      keys.add(k);
    }
  };
  names("max");
  names("min");
  if (t === "Pod") {
    if (Object.keys(obj(l, "default")).length)
      out.push(fe.forbidden(`${p}.default`, "may not be specified when `type` is 'Pod'"));
    if (Object.keys(obj(l, "defaultRequest")).length)
      out.push(fe.forbidden(`${p}.defaultRequest`, "may not be specified when `type` is 'Pod'"));
  } else {
    names("default");
    names("defaultRequest");
  }
  if (t === "PersistentVolumeClaim" && !("storage" in obj(l, "min")) && !("storage" in obj(l, "max")))
    out.push(
      fe.required(
        `${p}.limits`,
        "either minimum or maximum storage value is required, but neither was provided",
      ),
    );
  names("maxLimitRequestRatio");
  // keys is a Go set, ranged in random order; sorted here.
  for (const k of [...keys].sort()) compareLimits(l, k, p, out);
}

export const limitRangeRules: KindRules = {
  defaults(o) {
    for (const l of objs(obj(o, "spec"), "limits")) {
      for (const k of LISTS) keepRawQuantities(optObj(l, k));
      if (str(l, "type") === "Container") {
        const def = ensureObj(l, "default");
        const req = ensureObj(l, "defaultRequest");
        const copy = (from: JsonObject, to: JsonObject) => {
          for (const [k, v] of Object.entries(from))
            if (!(k in to)) {
              to[k] = v;
              setRawQuantity(to, k, rawQuantity(from, k));
            }
        };
        copy(obj(l, "max"), def);
        copy(def, req);
        copy(obj(l, "min"), req);
      }
      for (const k of LISTS) {
        const m = optObj(l, k);
        defaultResourceList(m);
      }
    }
  },
  validate(o) {
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    const types = new Set<string>();
    objs(obj(o, "spec"), "limits").forEach((l, i) => validateItem(l, i, types, out));
    return out;
  },
};
