/**
 * Kinds networking ignores but manifests hold, with their basic rules: PersistentVolumeClaims
 * (core ValidatePersistentVolumeClaimSpec; defaults volumeMode Filesystem and phase Pending; the
 * StorageObjectInUseProtection admission plugin's pvc-protection finalizer), HorizontalPodAutoscalers
 * (autoscaling/v2 defaults, validateHorizontalPodAutoscalerSpec), PodDisruptionBudgets
 * (policy ValidatePodDisruptionBudgetSpec), CronJobs (schedule and job template). LimitRanges and
 * ResourceQuotas have files of their own.
 */
import { fe, type FieldError } from "../field-errors.js";
import {
  ensureObj,
  has,
  isObject,
  num,
  obj,
  objs,
  optNum,
  optObj,
  optStr,
  str,
  strs,
  type JsonObject,
} from "../json.js";
import { metaOf, nameIsDNSSubdomain, validateLabelSelector, validateObjectMeta } from "../validate/meta.js";
import { isDNS1123Subdomain, isValidPathSegmentName, isValidPercent } from "../validate/names.js";
import { goIntOrString, goStruct } from "./go-values.js";
import { canonicalQuantity, defaultResourceList, parseQuantity } from "../validate/quantity.js";
import type { KindRules } from "./rules.js";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

export const pvcRules: KindRules = {
  defaults(o) {
    const spec = ensureObj(o, "spec");
    if (!has(spec, "volumeMode")) spec.volumeMode = "Filesystem";
    defaultResourceList(optObj(obj(spec, "resources"), "requests"));
    defaultResourceList(optObj(obj(spec, "resources"), "limits"));
  },
  admission(o, _env, old) {
    if (old) return;
    const m = ensureObj(o, "metadata");
    const f = strs(m, "finalizers");
    if (!f.includes("kubernetes.io/pvc-protection")) m.finalizers = [...f, "kubernetes.io/pvc-protection"];
  },
  prepareForCreate(o) {
    o.status = { phase: "Pending" };
  },
  validate(o) {
    const spec = obj(o, "spec");
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    const modes = strs(spec, "accessModes");
    if (modes.length === 0) out.push(fe.required("spec.accessModes", "at least 1 access mode is required"));
    if (isObject(spec.selector)) out.push(...validateLabelSelector(spec.selector, "spec.selector"));
    for (const m of modes)
      if (!ACCESS_MODES.includes(m)) out.push(fe.notSupported("spec.accessModes", m, ACCESS_MODES));
    if (
      modes.includes("ReadWriteOncePod") &&
      modes.some((m) => m !== "ReadWriteOncePod" && ACCESS_MODES.includes(m))
    )
      out.push(fe.forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes"));
    const storage = obj(obj(spec, "resources"), "requests").storage;
    if (storage === undefined) out.push(fe.required("spec.resources[storage]"));
    else {
      const q = parseQuantity(String(storage));
      if (q && q.n <= 0n)
        out.push(
          fe.invalid(
            "spec.resources[storage]",
            canonicalQuantity(String(storage)),
            "must be greater than zero",
          ),
        );
    }
    const sc = optStr(spec, "storageClassName");
    if (sc) for (const m of isDNS1123Subdomain(sc)) out.push(fe.invalid("spec.storageClassName", sc, m));
    const vm = optStr(spec, "volumeMode");
    if (vm !== undefined && vm !== "Block" && vm !== "Filesystem")
      out.push(fe.notSupported("spec.volumeMode", vm, ["Block", "Filesystem"]));
    return out;
  },
};

export const hpaRules: KindRules = {
  defaults(o) {
    const spec = ensureObj(o, "spec");
    if (!has(spec, "minReplicas")) spec.minReplicas = 1;
    const v2 = str(o, "apiVersion") === "autoscaling/v2";
    if (v2 && objs(spec, "metrics").length === 0)
      spec.metrics = [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } },
        },
      ];
  },
  prepareForCreate(o) {
    o.status =
      str(o, "apiVersion") === "autoscaling/v2"
        ? { currentMetrics: null, desiredReplicas: 0 }
        : { currentReplicas: 0, desiredReplicas: 0 };
  },
  validate(o) {
    const spec = obj(o, "spec");
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    const min = optNum(spec, "minReplicas");
    const max = num(spec, "maxReplicas");
    if (min !== undefined && min < 1)
      out.push(fe.invalid("spec.minReplicas", min, "must be greater than or equal to 1"));
    if (max < 1) out.push(fe.invalid("spec.maxReplicas", max, "must be greater than 0"));
    if (min !== undefined && max < min)
      out.push(fe.invalid("spec.maxReplicas", max, "must be greater than or equal to `minReplicas`"));
    const ref = obj(spec, "scaleTargetRef");
    for (const k of ["kind", "name"]) {
      const v = str(ref, k);
      if (!v) out.push(fe.required(`spec.scaleTargetRef.${k}`));
      else for (const m of isValidPathSegmentName(v)) out.push(fe.invalid(`spec.scaleTargetRef.${k}`, v, m));
    }
    // validateMetrics: scaling to zero needs an Object or External metric.
    const metrics = objs(spec, "metrics");
    metrics.forEach((m, i) => validateMetricSpec(m, `spec.metrics[${i}]`, out));
    if (min === 0 && !metrics.some((m) => ["Object", "External"].includes(str(m, "type"))))
      out.push(
        fe.forbidden(
          "spec.metrics",
          "must specify at least one Object or External metric to support scaling to zero replicas",
        ),
      );
    return out;
  },
};

const METRIC_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
/** The source field of each type, in the order validateMetricSpec looks at them. */
const METRIC_SOURCES = ["object", "external", "pods", "resource", "containerResource"];

/**
 * autoscaling/validation validateMetricSpec: the type, exactly its source (the sources' own
 * fields are not checked here).
 */
function validateMetricSpec(m: JsonObject, path: string, out: FieldError[]): void {
  const t = str(m, "type");
  if (!t) out.push(fe.required(`${path}.type`, "must specify a metric source type"));
  if (!METRIC_TYPES.includes(t)) out.push(fe.notSupported(`${path}.type`, t, METRIC_TYPES));
  const present = METRIC_SOURCES.filter((k) => isObject(m[k]));
  const expected = METRIC_TYPES.includes(t) ? t[0]!.toLowerCase() + t.slice(1) : "";
  if (!expected) out.push(fe.notSupported(`${path}.type`, t, METRIC_TYPES));
  else if (!isObject(m[expected]))
    out.push(fe.required(`${path}.${expected}`, "must populate information for the given metric source"));
  // typesPresent is a Go set: the Forbidden errors come in random order.
  if (present.length !== 1)
    for (const k of present.filter((k) => k !== expected))
      out.push(fe.forbidden(`${path}.${k}`, "must populate the given metric source only"));
}

function positiveIntOrPercent(v: unknown, path: string, out: FieldError[]): void {
  if (typeof v === "string") {
    for (const m of isValidPercent(v)) out.push(fe.invalid(path, goIntOrString(v), m));
    if (!isValidPercent(v).length && Number(v.slice(0, -1)) > 100)
      out.push(fe.invalid(path, goIntOrString(v), "must not be greater than 100%"));
  } else if (typeof v === "number" && v < 0)
    out.push(fe.invalid(path, v, "must be greater than or equal to 0"));
}

export const pdbRules: KindRules = {
  generation: true,
  prepareForCreate(o) {
    o.status = { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 };
  },
  validate(o) {
    const spec = obj(o, "spec");
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    if (has(spec, "minAvailable") && has(spec, "maxUnavailable"))
      out.push(
        fe.invalid(
          "spec",
          goStruct("policy.PodDisruptionBudgetSpec"),
          "minAvailable and maxUnavailable cannot be both set",
        ),
      );
    if (has(spec, "minAvailable")) positiveIntOrPercent(spec.minAvailable, "spec.minAvailable", out);
    if (has(spec, "maxUnavailable")) positiveIntOrPercent(spec.maxUnavailable, "spec.maxUnavailable", out);
    out.push(...validateLabelSelector(optObj(spec, "selector"), "spec.selector"));
    const p = optStr(spec, "unhealthyPodEvictionPolicy");
    if (p !== undefined && p !== "AlwaysAllow" && p !== "IfHealthyBudget")
      out.push(fe.notSupported("spec.unhealthyPodEvictionPolicy", p, ["AlwaysAllow", "IfHealthyBudget"]));
    return out;
  },
};

export const cronJobRules: KindRules = {
  generation: true,
  defaults(o) {
    const spec = ensureObj(o, "spec");
    if (!str(spec, "concurrencyPolicy")) spec.concurrencyPolicy = "Allow";
    if (!has(spec, "suspend")) spec.suspend = false;
    if (!has(spec, "successfulJobsHistoryLimit")) spec.successfulJobsHistoryLimit = 3;
    if (!has(spec, "failedJobsHistoryLimit")) spec.failedJobsHistoryLimit = 1;
  },
  validate(o) {
    const spec = obj(o, "spec");
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    if (!str(spec, "schedule")) out.push(fe.required("spec.schedule"));
    const t = obj(obj(obj(spec, "jobTemplate"), "spec"), "template");
    if (objs(obj(t, "spec"), "containers").length === 0)
      out.push(fe.required("spec.jobTemplate.spec.template.spec.containers"));
    const rp = str(obj(t, "spec"), "restartPolicy");
    if (rp === "" || rp === "Always")
      out.push(
        fe.required(
          "spec.jobTemplate.spec.template.spec.restartPolicy",
          'valid values: "OnFailure", "Never"',
        ),
      );
    return out;
  },
};
