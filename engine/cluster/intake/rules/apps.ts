/**
 * apps/v1 workloads: defaults (pkg/apis/apps/v1/defaults.go; templates through defaults/pod.ts),
 * the strategies (status reset, generation; selectors immutable on update:
 * pkg/registry/apps/{deployment,replicaset,statefulset,daemonset}/strategy.go) and validation
 * (pkg/apis/apps/validation: ValidateDeploymentSpec, ValidateReplicaSetSpec,
 * ValidateStatefulSetSpec, ValidateDaemonSetSpec and their template checks).
 */
import { fe, GoValue, goQuote, goStrings, type FieldError } from "../field-errors.js";
import {
  ensureObj,
  has,
  isObject,
  jsonEqual,
  num,
  obj,
  objs,
  optNum,
  optObj,
  str,
  strMap,
  type JsonObject,
} from "../json.js";
import { defaultTemplate } from "../defaults/pod.js";
import {
  asSelector,
  metaOf,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabels,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import { validatePodSpec } from "../validate/pod-spec.js";
import { isValidPercent } from "../validate/names.js";
import { goIntOrString, goLabels, goLabelSelector, goStruct } from "./go-values.js";
import type { KindRules, RulesEnv } from "./rules.js";

const nonNegative = (v: number, path: string) =>
  v < 0 ? [fe.invalid(path, v, "must be greater than or equal to 0")] : [];

/** ValidatePodTemplateSpec (core): labels, annotations, the pod spec of a template. */
export function validatePodTemplate(t: JsonObject, path: string, env: RulesEnv): FieldError[] {
  const m = obj(t, "metadata");
  const out = validateLabels(strMap(m, "labels"), `${path}.labels`);
  out.push(...validateAnnotations(strMap(m, "annotations"), `${path}.annotations`));
  out.push(
    ...validatePodSpec(obj(t, "spec"), `${path}.spec`, { resourceIsPod: false, version: env.version }),
  );
  return out;
}

function selectorChecks(spec: JsonObject, kind: string, out: FieldError[]): void {
  const sel = optObj(spec, "selector");
  if (!sel) return void out.push(fe.required("spec.selector"));
  out.push(...validateLabelSelector(sel, "spec.selector"));
  if (objs(sel, "matchExpressions").length + Object.keys(obj(sel, "matchLabels")).length === 0)
    out.push(fe.invalid("spec.selector", goLabelSelector(sel), `empty selector is invalid for ${kind}`));
}

/**
 * The selector conversion, then ValidatePodTemplateSpecForReplicaSet (Deployments, ReplicaSets):
 * a selector that does not convert is "invalid label selector"; a non-empty one (nil selects
 * nothing) must match the template's labels.
 */
function templateForReplicaSet(spec: JsonObject, kind: string, out: FieldError[], env: RulesEnv): void {
  const sel = optObj(spec, "selector");
  const t = obj(spec, "template");
  const selector = asSelector(sel);
  if (selector === "error")
    return void out.push(fe.invalid("spec.selector", goLabelSelector(sel), "invalid label selector"));
  const empty =
    sel !== undefined &&
    objs(sel, "matchExpressions").length + Object.keys(obj(sel, "matchLabels")).length === 0;
  if (!empty && !selector(strMap(obj(t, "metadata"), "labels")))
    out.push(
      fe.invalid(
        "spec.template.metadata.labels",
        goLabels(obj(t, "metadata").labels ?? undefined),
        "`selector` does not match template `labels`",
      ),
    );
  out.push(...validatePodTemplate(t, "spec.template", env));
  restartAlways(obj(t, "spec"), "spec.template.spec", kind, out);
}

export function restartAlways(podSpec: JsonObject, path: string, kind: string, out: FieldError[]): void {
  if (str(podSpec, "restartPolicy") !== "Always")
    out.push(fe.notSupported(`${path}.restartPolicy`, str(podSpec, "restartPolicy"), ["Always"]));
  if (has(podSpec, "activeDeadlineSeconds"))
    out.push(
      fe.forbidden(`${path}.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`),
    );
}

function positiveIntOrPercent(v: unknown, path: string, out: FieldError[]): void {
  if (typeof v === "string")
    for (const m of isValidPercent(v)) out.push(fe.invalid(path, goIntOrString(v), m));
  else out.push(...nonNegative(typeof v === "number" ? v : 0, path));
}

const intOrPercent = (v: unknown) =>
  typeof v === "string"
    ? isValidPercent(v).length
      ? 0
      : Number(v.slice(0, -1))
    : typeof v === "number"
      ? v
      : 0;

/**
 * %#v of apps.DeploymentStrategy as ValidateDeploymentStrategy prints it; a set rollingUpdate is a
 * pointer the server prints as its address, which the reference cannot know (known divergence
 * "go-pointer-dump").
 */
function goDeploymentStrategy(s: JsonObject) {
  return has(s, "rollingUpdate")
    ? goStruct("apps.DeploymentStrategy")
    : new GoValue(
        `apps.DeploymentStrategy{Type:${goQuote(str(s, "type"))}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
      );
}

function validateStrategy(spec: JsonObject, out: FieldError[]): void {
  const s = obj(spec, "strategy");
  const type = str(s, "type");
  const ru = optObj(s, "rollingUpdate");
  if (type === "Recreate") {
    if (ru)
      out.push(
        fe.forbidden(
          "spec.strategy.rollingUpdate",
          "may not be specified when strategy `type` is 'Recreate'",
        ),
      );
  } else if (type === "RollingUpdate") {
    if (!ru)
      return void out.push(
        fe.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"),
      );
    positiveIntOrPercent(ru.maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", out);
    positiveIntOrPercent(ru.maxSurge, "spec.strategy.rollingUpdate.maxSurge", out);
    if (intOrPercent(ru.maxUnavailable) === 0 && intOrPercent(ru.maxSurge) === 0)
      out.push(
        fe.invalid(
          "spec.strategy.rollingUpdate.maxUnavailable",
          goIntOrString(ru.maxUnavailable),
          "may not be 0 when `maxSurge` is 0",
        ),
      );
    if (typeof ru.maxUnavailable === "string" && intOrPercent(ru.maxUnavailable) > 100)
      out.push(
        fe.invalid(
          "spec.strategy.rollingUpdate.maxUnavailable",
          goIntOrString(ru.maxUnavailable),
          "must not be greater than 100%",
        ),
      );
  } else out.push(fe.notSupported("spec.strategy", goDeploymentStrategy(s), ["Recreate", "RollingUpdate"]));
}

function validateDeployment(o: JsonObject, env: RulesEnv): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  out.push(...nonNegative(num(spec, "replicas"), "spec.replicas"));
  selectorChecks(spec, "deployment", out);
  templateForReplicaSet(spec, "ReplicaSet", out, env);
  validateStrategy(spec, out);
  out.push(...nonNegative(num(spec, "minReadySeconds"), "spec.minReadySeconds"));
  const rhl = optNum(spec, "revisionHistoryLimit");
  if (rhl !== undefined) out.push(...nonNegative(rhl, "spec.revisionHistoryLimit"));
  const pds = optNum(spec, "progressDeadlineSeconds");
  if (pds !== undefined) {
    out.push(...nonNegative(pds, "spec.progressDeadlineSeconds"));
    if (pds <= num(spec, "minReadySeconds"))
      out.push(fe.invalid("spec.progressDeadlineSeconds", pds, "must be greater than minReadySeconds"));
  }
  return out;
}

function validateReplicaSet(o: JsonObject, env: RulesEnv): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  out.push(
    ...nonNegative(num(spec, "replicas"), "spec.replicas"),
    ...nonNegative(num(spec, "minReadySeconds"), "spec.minReadySeconds"),
  );
  selectorChecks(spec, "deployment", out);
  templateForReplicaSet(spec, "ReplicaSet", out, env);
  return out;
}

function validateStatefulSetSpec(spec: JsonObject, env: RulesEnv): FieldError[] {
  const out: FieldError[] = [];
  const pmp = str(spec, "podManagementPolicy");
  if (!pmp) out.push(fe.required("spec.podManagementPolicy"));
  else if (pmp !== "OrderedReady" && pmp !== "Parallel")
    out.push(fe.invalid("spec.podManagementPolicy", pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = obj(spec, "updateStrategy");
  const type = str(us, "type");
  if (!type) out.push(fe.required("spec.updateStrategy"));
  else if (type === "OnDelete") {
    if (isObject(us.rollingUpdate))
      out.push(
        fe.invalid(
          "spec.updateStrategy.rollingUpdate",
          goStruct("apps.RollingUpdateStatefulSetStrategy"),
          "only allowed for updateStrategy 'RollingUpdate'",
        ),
      );
  } else if (type === "RollingUpdate") {
    const p = optNum(obj(us, "rollingUpdate"), "partition");
    if (p !== undefined) out.push(...nonNegative(p, "spec.updateStrategy.rollingUpdate.partition"));
  } else
    out.push(
      fe.invalid(
        "spec.updateStrategy",
        goStruct("apps.StatefulSetUpdateStrategy"),
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  out.push(
    ...nonNegative(num(spec, "replicas"), "spec.replicas"),
    ...nonNegative(num(spec, "minReadySeconds"), "spec.minReadySeconds"),
  );
  const sel = optObj(spec, "selector");
  if (!sel) out.push(fe.required("spec.selector"));
  else {
    out.push(...validateLabelSelector(sel, "spec.selector"));
    if (objs(sel, "matchExpressions").length + Object.keys(obj(sel, "matchLabels")).length === 0)
      out.push(
        fe.invalid("spec.selector", goLabelSelector(sel), "empty selector is invalid for statefulset"),
      );
  }
  const t = obj(spec, "template");
  const m = obj(t, "metadata");
  const selector = asSelector(sel);
  const empty =
    sel !== undefined &&
    objs(sel, "matchExpressions").length + Object.keys(obj(sel, "matchLabels")).length === 0;
  if (selector === "error") out.push(fe.invalid("spec.selector", goLabelSelector(sel), ""));
  else if (!empty && !selector(strMap(m, "labels")))
    out.push(
      fe.invalid(
        "spec.template.metadata.labels",
        goLabels(m.labels ?? undefined),
        "`selector` does not match template `labels`",
      ),
    );
  out.push(
    ...validateLabels(strMap(m, "labels"), "spec.template.labels"),
    ...validateAnnotations(strMap(m, "annotations"), "spec.template.annotations"),
  );
  restartAlways(obj(t, "spec"), "spec.template.spec", "StatefulSet", out);
  void env;
  return out;
}

function selectorImmutable(o: JsonObject, old: JsonObject): FieldError[] {
  const sel = optObj(obj(o, "spec"), "selector");
  return jsonEqual(sel ?? null, optObj(obj(old, "spec"), "selector") ?? null)
    ? []
    : [fe.invalid("spec.selector", goLabelSelector(sel), "field is immutable")];
}

export function workload(
  validate: (o: JsonObject, env: RulesEnv) => FieldError[],
  defaults: (spec: JsonObject) => void,
  extraUpdate?: (o: JsonObject, old: JsonObject) => FieldError[],
  /** StatefulSets: ValidateStatefulSetUpdate has no selector check of its own; the spec rule covers it. */
  selectorCheck = true,
): KindRules {
  return {
    generation: true,
    defaults(o) {
      const spec = ensureObj(o, "spec");
      defaults(spec);
      defaultTemplate(ensureObj(spec, "template"));
    },
    prepareForCreate(o) {
      o.status = {};
    },
    prepareForUpdate(o, old) {
      o.status = old.status ?? {};
    },
    validate,
    validateUpdate(o, old, env) {
      const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
      out.push(...validate(o, env).filter((e) => !e.field.startsWith("metadata.")));
      return [...out, ...(extraUpdate?.(o, old) ?? []), ...(selectorCheck ? selectorImmutable(o, old) : [])];
    },
  };
}

const replicas = (spec: JsonObject) => {
  if (!has(spec, "replicas")) spec.replicas = 1;
};

export const deploymentRules = workload(validateDeployment, (spec) => {
  replicas(spec);
  const s = ensureObj(spec, "strategy");
  if (!str(s, "type")) s.type = "RollingUpdate";
  if (s.type === "RollingUpdate") {
    const ru = ensureObj(s, "rollingUpdate");
    if (!has(ru, "maxUnavailable")) ru.maxUnavailable = "25%";
    if (!has(ru, "maxSurge")) ru.maxSurge = "25%";
  }
  if (!has(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
  if (!has(spec, "progressDeadlineSeconds")) spec.progressDeadlineSeconds = 600;
});

export const replicaSetRules = workload(validateReplicaSet, replicas);

export const statefulSetRules: KindRules = workload(
  (o, env) => [
    ...validateObjectMeta(metaOf(o), true, nameIsDNSLabel),
    ...validateStatefulSetSpec(obj(o, "spec"), env),
  ],
  (spec) => {
    if (!str(spec, "podManagementPolicy")) spec.podManagementPolicy = "OrderedReady";
    const us = ensureObj(spec, "updateStrategy");
    if (!str(us, "type")) {
      us.type = "RollingUpdate";
      if (!isObject(us.rollingUpdate)) us.rollingUpdate = {};
    }
    if (us.type === "RollingUpdate" && isObject(us.rollingUpdate) && !has(us.rollingUpdate, "partition"))
      us.rollingUpdate.partition = 0;
    const ret = ensureObj(spec, "persistentVolumeClaimRetentionPolicy");
    if (!str(ret, "whenDeleted")) ret.whenDeleted = "Retain";
    if (!str(ret, "whenScaled")) ret.whenScaled = "Retain";
    replicas(spec);
    if (!has(spec, "revisionHistoryLimit")) spec.revisionHistoryLimit = 10;
  },
  (o, old) => {
    const strip = (s: JsonObject) => {
      const c = JSON.parse(JSON.stringify(s)) as JsonObject;
      for (const k of [
        "replicas",
        "template",
        "updateStrategy",
        "minReadySeconds",
        "ordinals",
        "persistentVolumeClaimRetentionPolicy",
      ])
        delete c[k];
      return c;
    };
    return jsonEqual(strip(obj(o, "spec")), strip(obj(old, "spec")))
      ? []
      : [
          fe.forbidden(
            "spec",
            "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          ),
        ];
  },
  false,
);

export { goStrings };
