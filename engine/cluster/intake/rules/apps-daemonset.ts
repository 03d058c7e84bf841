/**
 * apps/v1 DaemonSets: SetDefaults_DaemonSet (RollingUpdate, maxUnavailable 1, maxSurge 0), the
 * strategy's template generation (the deprecated.daemonset.template.generation annotation apps/v1
 * shows) and ValidateDaemonSetSpec (pkg/apis/apps/validation).
 */
import { fe, type FieldError } from "../field-errors.js";
import { ensureObj, has, jsonEqual, num, obj, objs, optObj, str, strMap, type JsonObject } from "../json.js";
import {
  asSelector,
  metaOf,
  nameIsDNSSubdomain,
  validateLabelSelector,
  validateObjectMeta,
} from "../validate/meta.js";
import { restartAlways, validatePodTemplate, workload } from "./apps.js";
import { goLabels, goLabelSelector } from "./go-values.js";
import type { KindRules, RulesEnv } from "./rules.js";

const nonNegative = (v: number, path: string) =>
  v < 0 ? [fe.invalid(path, v, "must be greater than or equal to 0")] : [];

function validateDaemonSet(o: JsonObject, env: RulesEnv): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  const sel = optObj(spec, "selector");
  out.push(...validateLabelSelector(sel, "spec.selector"));
  const t = obj(spec, "template");
  const selector = asSelector(sel);
  if (selector !== "error" && !selector(strMap(obj(t, "metadata"), "labels")))
    out.push(
      fe.invalid(
        "spec.template.metadata.labels",
        goLabels(obj(t, "metadata").labels ?? undefined),
        "`selector` does not match template `labels`",
      ),
    );
  if (sel && objs(sel, "matchExpressions").length + Object.keys(obj(sel, "matchLabels")).length === 0)
    out.push(fe.invalid("spec.selector", goLabelSelector(sel), "empty selector is invalid for daemonset"));
  out.push(...validatePodTemplate(t, "spec.template", env));
  restartAlways(obj(t, "spec"), "spec.template.spec", "DaemonSet", out);
  out.push(...nonNegative(num(spec, "minReadySeconds"), "spec.minReadySeconds"));
  return out;
}

const daemonSetBase = workload(validateDaemonSet, (spec) => {
  const us = ensureObj(spec, "updateStrategy");
  if (!str(us, "type")) us.type = "RollingUpdate";
  if (us.type === "RollingUpdate") {
    const ru = ensureObj(us, "rollingUpdate");
    if (!has(ru, "maxUnavailable")) ru.maxUnavailable = 1;
    if (!has(ru, "maxSurge")) ru.maxSurge = 0;
  }
  if (!has(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
});

/**
 * DaemonSets also count template generations (pkg/registry/apps/daemonset/strategy.go: 1 on create,
 * +1 when the template changes), which apps/v1 shows as the deprecated.daemonset.template.generation
 * annotation (apps/v1 conversion.go).
 */
const TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";
export const daemonSetRules: KindRules = {
  ...daemonSetBase,
  prepareForCreate(o, env) {
    daemonSetBase.prepareForCreate?.(o, env);
    const m = metaOf(o);
    m.annotations = { ...strMap(m, "annotations"), [TEMPLATE_GENERATION]: "1" };
    o.metadata = m;
  },
  prepareForUpdate(o, old, env) {
    daemonSetBase.prepareForUpdate?.(o, old, env);
    const before = Number(strMap(metaOf(old), "annotations")[TEMPLATE_GENERATION] ?? "1");
    const changed = !jsonEqual(obj(o, "spec").template ?? null, obj(old, "spec").template ?? null);
    const m = metaOf(o);
    m.annotations = {
      ...strMap(m, "annotations"),
      [TEMPLATE_GENERATION]: String(changed ? before + 1 : before),
    };
    o.metadata = m;
  },
};
