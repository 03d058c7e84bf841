/**
 * CustomResourceDefinitions and the objects of their kinds. CRDs: the apiextensions v1 defaults
 * (conversion strategy None, listKind/singular), the strategy (status.storedVersions, generation)
 * and the common checks of apiextensions validation.go ValidateCustomResourceDefinition (name is
 * plural.group, group with a dot, names, scope, versions with exactly one storage version, schemas
 * required). Custom objects: the version's openAPIV3Schema — types, required properties, and
 * unknown fields refused under strict field validation (apiextensions-apiserver schema/objectmeta
 * and kube-openapi validate: `spec.size in body must be of type integer: "string"`).
 */
import { fe, GoValue, goQuote, type FieldError } from "../field-errors.js";
import { arr, bool, ensureObj, has, isObject, obj, objs, str, strs, type JsonObject } from "../json.js";
import type { KindRegistry } from "../kinds.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";
import { isDNS1035Label, isDNS1123Subdomain } from "../validate/names.js";
import type { Json } from "../decode/yaml-json.js";
import type { KindRules } from "./rules.js";

export function registerCrd(kinds: KindRegistry, o: JsonObject): void {
  const spec = obj(o, "spec");
  const names = obj(spec, "names");
  for (const v of objs(spec, "versions")) {
    if (!bool(v, "served")) continue;
    kinds.register({
      group: str(spec, "group"),
      version: str(v, "name"),
      kind: str(names, "kind"),
      resource: str(names, "plural"),
      namespaced: str(spec, "scope") === "Namespaced",
      def: "",
      crd: str(metaOf(o), "name"),
      schema: obj(obj(v, "schema"), "openAPIV3Schema"),
    });
  }
}

function validateNames(names: JsonObject, path: string, out: FieldError[]): void {
  for (const k of ["plural", "singular"]) {
    const v = str(names, k);
    const errs = isDNS1035Label(v);
    if (v && errs.length) out.push(fe.invalid(`${path}.${k}`, v, errs.join(",")));
  }
  for (const k of ["kind", "listKind"]) {
    const v = str(names, k);
    const errs = isDNS1035Label(v.toLowerCase());
    if (v && errs.length)
      out.push(
        fe.invalid(`${path}.${k}`, v, `may have mixed case, but should otherwise match: ${errs.join(",")}`),
      );
  }
  if (str(names, "kind") && str(names, "kind") === str(names, "listKind"))
    out.push(fe.invalid(`${path}.listKind`, str(names, "listKind"), "kind and listKind may not be the same"));
}

function validateCrd(o: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  const names = obj(spec, "names");
  const required = `${str(names, "plural")}.${str(spec, "group")}`;
  const out = validateObjectMeta(metaOf(o), false, (n, p) => [
    ...nameIsDNSSubdomain(n, p),
    ...(n !== required ? ['must be spec.names.plural+"."+spec.group'] : []),
  ]);
  const group = str(spec, "group");
  if (!group) out.push(fe.required("spec.group"));
  else if (isDNS1123Subdomain(group).length)
    out.push(fe.invalid("spec.group", group, isDNS1123Subdomain(group).join(",")));
  else if (group.split(".").length < 2)
    out.push(fe.invalid("spec.group", group, "should be a domain with at least one dot"));
  const scope = str(spec, "scope");
  if (!scope) out.push(fe.required("spec.scope"));
  else if (scope !== "Cluster" && scope !== "Namespaced")
    out.push(fe.notSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
  const versions = objs(spec, "versions");
  versions.forEach((v, i) => {
    if (!isObject(obj(v, "schema").openAPIV3Schema))
      out.push(fe.required(`spec.versions[${i}].schema.openAPIV3Schema`, "schemas are required"));
  });
  versions.forEach((v, i) => {
    const errs = isDNS1035Label(str(v, "name"));
    if (errs.length) out.push(fe.invalid(`spec.versions[${i}].name`, str(v, "name"), errs.join(",")));
  });
  if (versions.filter((v) => bool(v, "storage")).length !== 1)
    out.push(
      fe.invalid(
        "spec.versions",
        goVersions(versions),
        "must have exactly one version marked as storage version",
      ),
    );
  if (!str(names, "plural")) out.push(fe.required("spec.names.plural"));
  if (!str(names, "singular")) out.push(fe.required("spec.names.singular"));
  if (!str(names, "kind")) out.push(fe.required("spec.names.kind"));
  if (!str(names, "listKind")) out.push(fe.required("spec.names.listKind"));
  validateNames(names, "spec.names", out);
  // ValidateCustomResourceDefinitionStoredVersions.
  const stored = strs(obj(o, "status"), "storedVersions");
  if (stored.length === 0)
    out.push(
      fe.invalid(
        "status.storedVersions",
        new GoValue("[]string(nil)"),
        "must have at least one stored version",
      ),
    );
  return out;
}

/**
 * %#v of the internal versions. With one version (or identical schemas) the conversion moved the
 * schema, subresources and columns to the top level, so the version's pointers are nil and the
 * dump is reproducible; otherwise it holds pointer addresses, which only the type names stand for.
 */
function goVersions(versions: JsonObject[]): GoValue {
  if (versions.length !== 1 || versions.some((v) => has(v, "deprecationWarning")))
    return new GoValue("[]apiextensions.CustomResourceDefinitionVersion{...}");
  const v = versions[0]!;
  return new GoValue(
    `[]apiextensions.CustomResourceDefinitionVersion{apiextensions.CustomResourceDefinitionVersion{Name:${goQuote(str(v, "name"))}, Served:${bool(v, "served")}, Storage:${bool(v, "storage")}, Deprecated:${bool(v, "deprecated")}, DeprecationWarning:(*string)(nil), Schema:(*apiextensions.CustomResourceValidation)(nil), Subresources:(*apiextensions.CustomResourceSubresources)(nil), AdditionalPrinterColumns:[]apiextensions.CustomResourceColumnDefinition(nil), SelectableFields:[]apiextensions.SelectableField(nil)}}`,
  );
}

export const crdRules: KindRules = {
  generation: true,
  defaults(o) {
    // apiextensions/v1 defaults.go: conversion None; names.singular and listKind from kind.
    const spec = ensureObj(o, "spec");
    const conversion = ensureObj(spec, "conversion");
    if (!str(conversion, "strategy")) conversion.strategy = "None";
    const names = ensureObj(spec, "names");
    if (!str(names, "singular") && str(names, "kind")) names.singular = str(names, "kind").toLowerCase();
    if (!str(names, "listKind") && str(names, "kind")) names.listKind = `${str(names, "kind")}List`;
  },
  prepareForCreate(o) {
    const storage = objs(obj(o, "spec"), "versions")
      .filter((v) => bool(v, "storage"))
      .map((v) => str(v, "name"));
    o.status = { acceptedNames: { kind: "", plural: "" }, conditions: [], storedVersions: storage };
  },
  validate: validateCrd,
};

const TYPE_OF = (v: Json): string => {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "boolean") return "boolean";
  return typeof v;
};

/** A custom object against its version's structural schema: unknown fields and type errors. */
export function checkCustomObject(
  o: JsonObject,
  schema: JsonObject,
): { unknown: string[]; errors: FieldError[] } {
  const unknown: string[] = [];
  const errors: FieldError[] = [];
  const walk = (v: Json, s: JsonObject, path: string) => {
    const type = str(s, "type");
    if (v === null) return;
    const actual = TYPE_OF(v);
    if (type && !(type === actual || (type === "number" && actual === "integer")))
      errors.push(
        fe.invalid(path, actual, `${path} in body must be of type ${type}: ${JSON.stringify(actual)}`),
      );
    if (isObject(v) && !Array.isArray(v)) {
      const props = obj(s, "properties");
      const extra = s.additionalProperties;
      for (const r of strs(s, "required")) if (!(r in v)) errors.push(fe.required(path ? `${path}.${r}` : r));
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        // apiextensions pruning and validation leave the root metadata to ObjectMeta validation
        // (schema/objectmeta): a schema's `metadata: {type: object}` is no empty-object constraint.
        if (path === "" && k === "metadata") continue;
        if (isObject(props[k])) walk(x, props[k] as JsonObject, p);
        else if (isObject(extra)) walk(x, extra, p);
        else if (
          !bool(s, "x-kubernetes-preserve-unknown-fields") &&
          extra !== true &&
          !(path === "" && ["apiVersion", "kind", "metadata"].includes(k))
        )
          unknown.push(p);
      }
    } else if (Array.isArray(v) && isObject(s.items))
      v.forEach((x, i) => walk(x, s.items as JsonObject, `${path}[${i}]`));
  };
  walk(o, schema, "");
  void arr;
  return { unknown, errors };
}
