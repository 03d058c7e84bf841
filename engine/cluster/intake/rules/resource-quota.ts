/**
 * ResourceQuota, as kube-apiserver 1.31 validates it (core/validation validation.go
 * ValidateResourceQuotaSpec: ValidateResourceQuotaResourceName, ValidateResourceQuantityValue,
 * validateResourceQuotaScopes, validateScopedResourceSelectorRequirement; core/helper helpers.go
 * for the standard quota resources and scopes, IsResourceQuotaScopeValidForResource).
 */
import { fe, GoValue, goQuote, goStrings, type FieldError } from "../field-errors.js";
import { obj, objs, optObj, str, strs, type JsonObject } from "../json.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";
import { isQualifiedName } from "../validate/names.js";
import { defaultResourceList, rawQuantity } from "../validate/quantity.js";
import { STANDARD_RESOURCES, stringer, validateResourceQuantityValue } from "../validate/resources.js";
import type { KindRules } from "./rules.js";

const STANDARD_QUOTA = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.storage",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
]);

/** ValidateResourceQuotaSpec: resource names (ValidateResourceQuotaResourceName) and values (ValidateResourceQuantityValue). */
function validateQuotaHard(hard: JsonObject, out: FieldError[]): void {
  for (const k of Object.keys(hard)) {
    const p = `spec.hard[${k}]`;
    const name = isQualifiedName(k);
    out.push(...name.map((m) => fe.invalid(p, stringer(k), m)));
    if (!name.length && !k.includes("/") && !STANDARD_RESOURCES.has(k) && !isQuotaHugePages(k))
      out.push(fe.invalid(p, stringer(k), "must be a standard resource type or fully qualified"));
    if (!k.includes("/") && !STANDARD_QUOTA.has(k) && !isQuotaHugePages(k))
      out.push(fe.invalid(p, stringer(k), "must be a standard resource for quota"));
    out.push(...validateResourceQuantityValue(k, rawQuantity(hard, k), p));
  }
}

const isQuotaHugePages = (k: string) => k.startsWith("hugepages-") || k.startsWith("requests.hugepages-");

export const resourceQuotaRules: KindRules = {
  defaults(o) {
    const hard = optObj(obj(o, "spec"), "hard");
    defaultResourceList(hard);
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate(o) {
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    const spec = obj(o, "spec");
    validateQuotaHard(obj(spec, "hard"), out);
    validateQuotaScopes(spec, out);
    const selector = optObj(spec, "scopeSelector");
    if (selector) validateScopeSelector(spec, selector, out);
    return out;
  },
};

const SCOPES = [
  "Terminating",
  "NotTerminating",
  "BestEffort",
  "NotBestEffort",
  "PriorityClass",
  "CrossNamespacePodAffinity",
];
const POD_QUOTA = new Set([
  "pods",
  "cpu",
  "memory",
  "limits.cpu",
  "limits.memory",
  "requests.cpu",
  "requests.memory",
]);
const EXISTS_ONLY = [
  "BestEffort",
  "NotBestEffort",
  "Terminating",
  "NotTerminating",
  "CrossNamespacePodAffinity",
];
const CONFLICTS = [
  ["BestEffort", "NotBestEffort"],
  ["Terminating", "NotTerminating"],
];

const isStandardQuota = (k: string) => STANDARD_QUOTA.has(k) || isQuotaHugePages(k);

/** helper.IsResourceQuotaScopeValidForResource. */
function scopeValidFor(scope: string, k: string): boolean {
  if (scope === "BestEffort") return k === "pods";
  if (SCOPES.includes(scope)) return POD_QUOTA.has(k);
  return true;
}

/** The hard resource names the scope does not apply to (sets.List: sorted). */
const misapplied = (spec: JsonObject, scope: string) =>
  Object.keys(obj(spec, "hard"))
    .sort()
    .filter((k) => isStandardQuota(k) && !scopeValidFor(scope, k));

const scopesValue = (spec: JsonObject) =>
  Array.isArray(spec.scopes)
    ? goStrings(strs(spec, "scopes"), "core.ResourceQuotaScope")
    : new GoValue("[]core.ResourceQuotaScope(nil)");

function validateQuotaScopes(spec: JsonObject, out: FieldError[]): void {
  const scopes = strs(spec, "scopes");
  if (!scopes.length) return;
  const v = scopesValue(spec);
  for (const scope of scopes) {
    if (!SCOPES.includes(scope)) out.push(fe.invalid("spec.scopes", v, "unsupported scope"));
    for (const _ of misapplied(spec, scope))
      out.push(fe.invalid("spec.scopes", v, "unsupported scope applied to resource"));
  }
  for (const pair of CONFLICTS)
    if (pair.every((p) => scopes.includes(p))) out.push(fe.invalid("spec.scopes", v, "conflicting scopes"));
}

/** %#v of the (dereferenced) *core.ScopeSelector. */
function goScopeSelector(selector: JsonObject): GoValue {
  const exprs = objs(selector, "matchExpressions").map((e) => {
    const values = Array.isArray(e.values) ? goStrings(strs(e, "values")).text : "[]string(nil)";
    return `core.ScopedResourceSelectorRequirement{ScopeName:${goQuote(str(e, "scopeName"))}, Operator:${goQuote(str(e, "operator"))}, Values:${values}}`;
  });
  const list = Array.isArray(selector.matchExpressions)
    ? `[]core.ScopedResourceSelectorRequirement{${exprs.join(", ")}}`
    : "[]core.ScopedResourceSelectorRequirement(nil)";
  return new GoValue(`core.ScopeSelector{MatchExpressions:${list}}`);
}

/** validateScopeSelector → validateScopedResourceSelectorRequirement. */
function validateScopeSelector(spec: JsonObject, selector: JsonObject, out: FieldError[]): void {
  const p = "spec.scopeSelector.matchExpressions";
  const seen = new Set<string>();
  for (const e of objs(selector, "matchExpressions")) {
    const scope = str(e, "scopeName");
    const op = str(e, "operator");
    if (!SCOPES.includes(scope)) out.push(fe.invalid(`${p}.scopeName`, scope, "unsupported scope"));
    for (const _ of misapplied(spec, scope))
      out.push(fe.invalid(p, goScopeSelector(selector), "unsupported scope applied to resource"));
    if (EXISTS_ONLY.includes(scope) && op !== "Exists")
      out.push(
        fe.invalid(
          `${p}.operator`,
          op,
          "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    const values = strs(e, "values");
    if (op === "In" || op === "NotIn") {
      if (!values.length)
        out.push(
          fe.required(
            `${p}.values`,
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (op === "Exists" || op === "DoesNotExist") {
      if (values.length)
        out.push(
          fe.invalid(
            `${p}.values`,
            goStrings(values),
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else out.push(fe.invalid(`${p}.operator`, op, "not a valid selector operator"));
    seen.add(scope);
  }
  for (const pair of CONFLICTS)
    if (pair.every((x) => seen.has(x))) out.push(fe.invalid(p, scopesValue(spec), "conflicting scopes"));
}
