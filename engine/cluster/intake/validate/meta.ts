/**
 * Object metadata, labels, annotations and label selectors: apimachinery/pkg/api/validation
 * objectmeta.go (ValidateObjectMetaAccessor, ValidateAnnotations, ValidateObjectMetaAccessorUpdate)
 * and apimachinery/pkg/apis/meta/v1/validation (ValidateLabels, ValidateLabelSelector).
 * Map iteration in Go is unordered; these walk keys in insertion order.
 */
import { byteLength, fe, type FieldError } from "../field-errors.js";
import { arr, isObject, jsonEqual, num, objs, optStr, str, strMap, strs, type JsonObject } from "../json.js";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from "./names.js";

/** ValidateNameFunc: the messages for a name (or, with prefix, a generateName). */
export type NameFn = (name: string, prefix: boolean) => string[];

/** NameIsDNSSubdomain & co.: a generateName prefix may end with a dash. */
const mask = (name: string, prefix: boolean) =>
  prefix && name.length > 1 && name.endsWith("-") ? `${name.slice(0, -1)}a` : name;
export const nameIsDNSSubdomain: NameFn = (n, p) => isDNS1123Subdomain(mask(n, p));
export const nameIsDNSLabel: NameFn = (n, p) => isDNS1123Label(mask(n, p));
export const nameIsDNS1035Label: NameFn = (n, p) => isDNS1035Label(mask(n, p));

export function validateLabelName(k: string, path: string): FieldError[] {
  return isQualifiedName(k).map((m) => fe.invalid(path, k, m));
}

export function validateLabels(labels: Record<string, string>, path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    out.push(...validateLabelName(k, path));
    for (const m of isValidLabelValue(v)) out.push(fe.invalid(path, v, m));
  }
  return out;
}

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export function validateAnnotations(annotations: Record<string, string>, path: string): FieldError[] {
  const out: FieldError[] = [];
  // A UTF-16 unit is at most 3 UTF-8 bytes: the exact byte count is needed only near the limit.
  let bound = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) out.push(fe.invalid(path, k, m));
    bound += 3 * (k.length + v.length);
  }
  if (bound > TOTAL_ANNOTATION_SIZE) {
    let size = 0;
    for (const [k, v] of Object.entries(annotations)) size += byteLength(k) + byteLength(v);
    if (size > TOTAL_ANNOTATION_SIZE) out.push(fe.tooLong(path, "", TOTAL_ANNOTATION_SIZE));
  }
  return out;
}

export interface SelectorOptions {
  allowInvalidLabelValueInSelector?: boolean;
}

/** ValidateLabelSelector (nil selectors are valid). */
export function validateLabelSelector(
  sel: JsonObject | undefined,
  path: string,
  opts: SelectorOptions = {},
): FieldError[] {
  if (!sel) return [];
  const out = validateLabels(strMap(sel, "matchLabels"), `${path}.matchLabels`);
  objs(sel, "matchExpressions").forEach((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const op = str(e, "operator");
    const values = strs(e, "values");
    if (op === "In" || op === "NotIn") {
      if (values.length === 0)
        out.push(fe.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length > 0)
        out.push(
          fe.forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
        );
    } else out.push(fe.invalid(`${p}.operator`, op, "not a valid selector operator"));
    out.push(...validateLabelName(str(e, "key"), `${p}.key`));
    if (!opts.allowInvalidLabelValueInSelector)
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) out.push(fe.invalid(`${p}.values[${j}]`, v, m));
      });
  });
  return out;
}

/**
 * metav1.LabelSelectorAsSelector: a nil selector selects nothing, an empty one everything, and one
 * with an invalid key, value, operator or value count does not convert at all ("error").
 */
export function asSelector(
  sel: JsonObject | undefined,
): "error" | ((labels: Record<string, string>) => boolean) {
  if (!sel) return () => false;
  for (const [k, v] of Object.entries(strMap(sel, "matchLabels")))
    if (isQualifiedName(k).length || isValidLabelValue(v).length) return "error";
  for (const e of objs(sel, "matchExpressions")) {
    const op = str(e, "operator");
    const n = strs(e, "values").length;
    if (!["In", "NotIn", "Exists", "DoesNotExist"].includes(op)) return "error";
    if ((op === "In" || op === "NotIn") && n === 0) return "error";
    if ((op === "Exists" || op === "DoesNotExist") && n !== 0) return "error";
    if (isQualifiedName(str(e, "key")).length || strs(e, "values").some((v) => isValidLabelValue(v).length))
      return "error";
  }
  return (labels) => selectorMatches(sel, labels);
}

/** The label selector as a predicate (metav1.LabelSelectorAsSelector), for template checks. */
export function selectorMatches(sel: JsonObject, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(strMap(sel, "matchLabels"))) if (labels[k] !== v) return false;
  for (const e of objs(sel, "matchExpressions")) {
    const k = str(e, "key");
    const has = k in labels;
    const values = strs(e, "values");
    switch (str(e, "operator")) {
      case "In":
        if (!has || !values.includes(labels[k]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[k]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function validateOwnerReferences(meta: JsonObject, path: string): FieldError[] {
  const out: FieldError[] = [];
  let controller = "";
  for (const ref of objs(meta, "ownerReferences")) {
    const apiVersion = str(ref, "apiVersion");
    const version = apiVersion.includes("/") ? apiVersion.split("/")[1]! : apiVersion;
    if (!version) out.push(fe.invalid(`${path}.apiVersion`, apiVersion, "version must not be empty"));
    if (!str(ref, "kind")) out.push(fe.invalid(`${path}.kind`, str(ref, "kind"), "kind must not be empty"));
    if (!str(ref, "name")) out.push(fe.invalid(`${path}.name`, "", "name must not be empty"));
    if (!str(ref, "uid")) out.push(fe.invalid(`${path}.uid`, "", "uid must not be empty"));
    if (ref.controller === true) {
      const cur = `${str(ref, "kind")}/${str(ref, "name")}`;
      if (controller)
        out.push(
          fe.invalid(
            path,
            arr(meta, "ownerReferences"),
            `Only one reference can have Controller set to true. Found "true" in references for ${controller} and ${cur}`,
          ),
        );
      else controller = cur;
    }
  }
  return out;
}

/**
 * ValidateObjectMetaAccessor, plus core's finalizer-name check (pkg/apis/core/validation
 * ValidateObjectMeta): name (or generateName) by the kind's rule, namespace present exactly when the
 * kind is namespaced, labels, annotations, owner references, finalizers.
 */
export function validateObjectMeta(
  meta: JsonObject,
  requiresNamespace: boolean,
  nameFn: NameFn,
  path = "metadata",
): FieldError[] {
  const out: FieldError[] = [];
  const generateName = str(meta, "generateName");
  if (generateName)
    for (const m of nameFn(generateName, true)) out.push(fe.invalid(`${path}.generateName`, generateName, m));
  const name = str(meta, "name");
  if (!name) out.push(fe.required(`${path}.name`, "name or generateName is required"));
  else for (const m of nameFn(name, false)) out.push(fe.invalid(`${path}.name`, name, m));
  const ns = str(meta, "namespace");
  if (requiresNamespace) {
    if (!ns) out.push(fe.required(`${path}.namespace`));
    else for (const m of isDNS1123Label(ns)) out.push(fe.invalid(`${path}.namespace`, ns, m));
  } else if (ns) out.push(fe.forbidden(`${path}.namespace`, "not allowed on this type"));
  if (num(meta, "generation") < 0)
    out.push(fe.invalid(`${path}.generation`, num(meta, "generation"), "must be greater than or equal to 0"));
  out.push(...validateLabels(strMap(meta, "labels"), `${path}.labels`));
  out.push(...validateAnnotations(strMap(meta, "annotations"), `${path}.annotations`));
  out.push(...validateOwnerReferences(meta, `${path}.ownerReferences`));
  strs(meta, "finalizers").forEach((f, i) => {
    for (const m of isQualifiedName(f)) out.push(fe.invalid(`${path}.finalizers`, f, m));
    void i;
  });
  return out;
}

/** ValidateObjectMetaAccessorUpdate: identity fields may not change. */
export function validateObjectMetaUpdate(meta: JsonObject, old: JsonObject, path = "metadata"): FieldError[] {
  const out: FieldError[] = [];
  for (const k of ["name", "namespace", "uid", "creationTimestamp"]) {
    if (!jsonEqual(meta[k] ?? "", old[k] ?? ""))
      out.push(fe.invalid(`${path}.${k}`, optStr(meta, k) ?? "", "field is immutable"));
  }
  if (num(meta, "generation") < num(old, "generation"))
    out.push(fe.invalid(`${path}.generation`, num(meta, "generation"), "must not be decremented"));
  out.push(...validateLabels(strMap(meta, "labels"), `${path}.labels`));
  out.push(...validateAnnotations(strMap(meta, "annotations"), `${path}.annotations`));
  out.push(...validateOwnerReferences(meta, `${path}.ownerReferences`));
  return out;
}

export function metaOf(o: JsonObject): JsonObject {
  return isObject(o.metadata) ? o.metadata : {};
}
