/**
 * Kinds networking ignores but manifests hold, with their basic rules: PersistentVolumeClaims
 * (core ValidatePersistentVolumeClaimSpec; defaults volumeMode Filesystem and phase Pending; the
 * StorageObjectInUseProtection admission plugin's pvc-protection finalizer), HorizontalPodAutoscalers
 * (autoscaling/v2 defaults, validateHorizontalPodAutoscalerSpec), PodDisruptionBudgets
 * (policy ValidatePodDisruptionBudgetSpec), ResourceQuotas (ValidateResourceQuotaSpec), LimitRanges
 * (ValidateLimitRange: types), CronJobs (schedule and job template).
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
import {
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPathSegmentName,
  isValidPercent,
} from "../validate/names.js";
import { goIntOrString } from "./go-values.js";
import { canonicalQuantity, compareQuantity, parseQuantity } from "./quantity.js";
import type { KindRules } from "./rules.js";

const ACCESS_MODES = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

function canonicalList(list: JsonObject | undefined): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) if (typeof v === "string") list[k] = canonicalQuantity(v);
}

export const pvcRules: KindRules = {
  defaults(o) {
    const spec = ensureObj(o, "spec");
    if (!has(spec, "volumeMode")) spec.volumeMode = "Filesystem";
    canonicalList(optObj(obj(spec, "resources"), "requests"));
    canonicalList(optObj(obj(spec, "resources"), "limits"));
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
    const types = ["ContainerResource", "External", "Object", "Pods", "Resource"];
    objs(spec, "metrics").forEach((m, i) => {
      const t = str(m, "type");
      if (!t) out.push(fe.required(`spec.metrics[${i}].type`, "must specify a metric source type"));
      if (!types.includes(t)) out.push(fe.notSupported(`spec.metrics[${i}].type`, t, types));
      const key = t ? t[0]!.toLowerCase() + t.slice(1) : "";
      if (!types.some((x) => isObject(m[x[0]!.toLowerCase() + x.slice(1)])))
        out.push(fe.required(`spec.metrics[${i}]`, "must populate information for the given metric source"));
      void key;
    });
    return out;
  },
};

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
      out.push(fe.invalid("spec", "<spec>", "minAvailable and maxUnavailable cannot be both set"));
    if (has(spec, "minAvailable")) positiveIntOrPercent(spec.minAvailable, "spec.minAvailable", out);
    if (has(spec, "maxUnavailable")) positiveIntOrPercent(spec.maxUnavailable, "spec.maxUnavailable", out);
    out.push(...validateLabelSelector(optObj(spec, "selector"), "spec.selector"));
    const p = optStr(spec, "unhealthyPodEvictionPolicy");
    if (p !== undefined && p !== "AlwaysAllow" && p !== "IfHealthyBudget")
      out.push(fe.notSupported("spec.unhealthyPodEvictionPolicy", p, ["AlwaysAllow", "IfHealthyBudget"]));
    return out;
  },
};

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
const INTEGER = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "services.nodeports",
  "services.loadbalancers",
]);

export const resourceQuotaRules: KindRules = {
  defaults(o) {
    canonicalList(optObj(obj(o, "spec"), "hard"));
  },
  prepareForCreate(o) {
    o.status = {};
  },
  validate(o) {
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    for (const [k, v] of Object.entries(obj(obj(o, "spec"), "hard"))) {
      const p = `spec.hard[${k}]`;
      for (const m of isQualifiedName(k)) out.push(fe.invalid(p, k, m));
      if (
        !k.includes("/") &&
        !STANDARD_QUOTA.has(k) &&
        !k.startsWith("requests.") &&
        !k.startsWith("count/") &&
        !k.startsWith("hugepages-")
      )
        out.push(fe.invalid(p, k, "must be a standard resource for quota"));
      const q = parseQuantity(String(v));
      if (q && q.n < 0n)
        out.push(fe.invalid(p, canonicalQuantity(String(v)), "must be greater than or equal to 0"));
      if (q && INTEGER.has(k) && compareQuantity(q, { ...q, n: q.n, scale: Math.max(q.scale, 0) }) !== 0)
        out.push(fe.invalid(p, String(v), "must be an integer"));
    }
    return out;
  },
};

export const limitRangeRules: KindRules = {
  defaults(o) {
    for (const l of objs(obj(o, "spec"), "limits")) {
      if (str(l, "type") !== "Container") continue;
      const max = obj(l, "max");
      const min = obj(l, "min");
      const def = ensureObj(l, "default");
      const req = ensureObj(l, "defaultRequest");
      for (const [k, v] of Object.entries(max)) if (!(k in def)) def[k] = v;
      for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
      for (const [k, v] of Object.entries(min)) if (!(k in req)) req[k] = v;
      for (const k of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"])
        canonicalList(optObj(l, k));
    }
  },
  validate(o) {
    const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
    objs(obj(o, "spec"), "limits").forEach((l, i) => {
      const t = str(l, "type");
      if (!["Pod", "Container", "PersistentVolumeClaim"].includes(t) && !t.includes("/"))
        out.push(fe.invalid(`spec.limits[${i}].type`, t, "must be a standard limit type or fully qualified"));
      if (t === "Pod" && (has(l, "default") || has(l, "defaultRequest"))) {
        for (const k of Object.keys(obj(l, "default")))
          out.push(
            fe.forbidden(`spec.limits[${i}].default[${k}]`, "may not be specified when `type` is 'Pod'"),
          );
      }
    });
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
