/**
 * rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding
 * (pkg/apis/rbac/v1/defaults.go: roleRef and subject API groups; pkg/apis/rbac/validation:
 * ValidatePolicyRule, ValidateRoleBinding(Subject), roleRef immutable on update). RBAC names are
 * path segments (path.ValidatePathSegmentName), not DNS names.
 */
import { fe, GoValue, goQuote, goStrings, type FieldError } from "../field-errors.js";
import { ensureObj, jsonEqual, obj, objs, str, strs, type JsonObject } from "../json.js";
import { metaOf, validateObjectMeta, validateObjectMetaUpdate } from "../validate/meta.js";
import { isDNS1123Subdomain, isValidPathSegmentName } from "../validate/names.js";
import type { KindRules } from "./rules.js";

const GROUP = "rbac.authorization.k8s.io";
const rbacName = (n: string) => isValidPathSegmentName(n);

function validateRule(r: JsonObject, namespaced: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (strs(r, "verbs").length === 0)
    out.push(fe.required(`${path}.verbs`, "verbs must contain at least one value"));
  const urls = strs(r, "nonResourceURLs");
  if (urls.length > 0) {
    if (namespaced)
      out.push(
        fe.invalid(
          `${path}.nonResourceURLs`,
          goStrings(urls),
          "namespaced rules cannot apply to non-resource URLs",
        ),
      );
    if (strs(r, "apiGroups").length || strs(r, "resources").length || strs(r, "resourceNames").length)
      out.push(
        fe.invalid(
          `${path}.nonResourceURLs`,
          goStrings(urls),
          "rules cannot apply to both regular resources and non-resource URLs",
        ),
      );
    return out;
  }
  if (strs(r, "apiGroups").length === 0)
    out.push(fe.required(`${path}.apiGroups`, "resource rules must supply at least one api group"));
  if (strs(r, "resources").length === 0)
    out.push(fe.required(`${path}.resources`, "resource rules must supply at least one resource"));
  return out;
}

function role(namespaced: boolean): KindRules {
  const validate = (o: JsonObject) => [
    ...validateObjectMeta(metaOf(o), namespaced, rbacName),
    ...objs(o, "rules").flatMap((r, i) => validateRule(r, namespaced, `rules[${i}]`)),
  ];
  return {
    validate,
    validateUpdate: (o, old) => [...validate(o), ...validateObjectMetaUpdate(metaOf(o), metaOf(old))],
  };
}

function validateSubject(s: JsonObject, namespaced: boolean, path: string): FieldError[] {
  const out: FieldError[] = [];
  const name = str(s, "name");
  if (!name) out.push(fe.required(`${path}.name`));
  const group = str(s, "apiGroup");
  switch (str(s, "kind")) {
    case "ServiceAccount":
      if (name) for (const m of isDNS1123Subdomain(name)) out.push(fe.invalid(`${path}.name`, name, m));
      if (group) out.push(fe.notSupported(`${path}.apiGroup`, group, [""]));
      if (!namespaced && !str(s, "namespace")) out.push(fe.required(`${path}.namespace`));
      break;
    case "User":
    case "Group":
      if (group !== GROUP) out.push(fe.notSupported(`${path}.apiGroup`, group, [GROUP]));
      break;
    default:
      out.push(fe.notSupported(`${path}.kind`, str(s, "kind"), ["ServiceAccount", "User", "Group"]));
  }
  return out;
}

function roleRefValue(r: JsonObject): GoValue {
  return new GoValue(
    `rbac.RoleRef{APIGroup:${goQuote(str(r, "apiGroup"))}, Kind:${goQuote(str(r, "kind"))}, Name:${goQuote(str(r, "name"))}}`,
  );
}

function binding(namespaced: boolean): KindRules {
  const validate = (o: JsonObject) => {
    const out = validateObjectMeta(metaOf(o), namespaced, rbacName);
    const ref = obj(o, "roleRef");
    if (str(ref, "apiGroup") !== GROUP)
      out.push(fe.notSupported("roleRef.apiGroup", str(ref, "apiGroup"), [GROUP]));
    const kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
    if (!kinds.includes(str(ref, "kind"))) out.push(fe.notSupported("roleRef.kind", str(ref, "kind"), kinds));
    const name = str(ref, "name");
    if (!name) out.push(fe.required("roleRef.name"));
    else for (const m of rbacName(name)) out.push(fe.invalid("roleRef.name", name, m));
    objs(o, "subjects").forEach((s, i) => out.push(...validateSubject(s, namespaced, `subjects[${i}]`)));
    return out;
  };
  return {
    defaults(o) {
      const ref = ensureObj(o, "roleRef");
      if (!str(ref, "apiGroup")) ref.apiGroup = GROUP;
      for (const s of objs(o, "subjects"))
        if (!str(s, "apiGroup") && (s.kind === "User" || s.kind === "Group")) s.apiGroup = GROUP;
    },
    validate,
    validateUpdate(o, old) {
      const out = [...validate(o), ...validateObjectMetaUpdate(metaOf(o), metaOf(old))];
      if (!jsonEqual(o.roleRef ?? {}, old.roleRef ?? {}))
        out.push(fe.invalid("roleRef", roleRefValue(obj(o, "roleRef")), "cannot change roleRef"));
      return out;
    },
  };
}

export const roleRules = role(true);
export const clusterRoleRules = role(false);
export const roleBindingRules = binding(true);
export const clusterRoleBindingRules = binding(false);
