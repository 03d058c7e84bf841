/**
 * Pods: defaults (defaults/pod.ts), the admission plugins a default kube-apiserver runs on them
 * (plugin/pkg/admission/defaulttolerationseconds: not-ready/unreachable NoExecute tolerations for
 * 300s; plugin/pkg/admission/priority: priority 0 and preemptionPolicy PreemptLowerPriority without a
 * class, the two system classes by name), the strategy's PrepareForCreate (status Pending with the
 * QoS class; pkg/registry/core/pod/strategy.go) and ValidatePodCreate / ValidatePodUpdate.
 */
import { fe, type FieldError } from "../field-errors.js";
import { ensureObj, has, jsonEqual, obj, objs, optNum, str, type JsonObject } from "../json.js";
import { forbidden } from "../status.js";
import {
  metaOf,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import { validatePodSpec } from "../validate/pod-spec.js";
import { defaultPod, podQos } from "../defaults/pod.js";
import type { KindRules, RulesEnv } from "./rules.js";

const SYSTEM_PRIORITY: Record<string, number> = {
  "system-cluster-critical": 2000000000,
  "system-node-critical": 2000001000,
};

function tolerates(tolerations: JsonObject[], key: string): boolean {
  return tolerations.some(
    (t) =>
      (str(t, "key") === key || str(t, "key") === "") &&
      (str(t, "effect") === "NoExecute" || str(t, "effect") === ""),
  );
}

function admission(o: JsonObject): void {
  const spec = ensureObj(o, "spec");
  const tolerations = objs(spec, "tolerations");
  const add: JsonObject[] = [];
  for (const key of ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"])
    if (!tolerates(tolerations, key))
      add.push({ effect: "NoExecute", key, operator: "Exists", tolerationSeconds: 300 });
  if (add.length) spec.tolerations = [...(Array.isArray(spec.tolerations) ? spec.tolerations : []), ...add];
  const name = `pods ${JSON.stringify(str(metaOf(o), "name"))} is forbidden`;
  const cls = str(spec, "priorityClassName");
  const value = cls ? SYSTEM_PRIORITY[cls] : 0;
  if (value === undefined) throw forbidden(`${name}: no PriorityClass with name ${cls} was found`);
  const given = optNum(spec, "priority");
  if (given !== undefined && given !== value)
    throw forbidden(
      `${name}: the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
    );
  spec.priority = value;
  if (!has(spec, "preemptionPolicy")) spec.preemptionPolicy = "PreemptLowerPriority";
}

export function validatePod(o: JsonObject, env: RulesEnv): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  out.push(...validatePodSpec(spec, "spec", { resourceIsPod: true, version: env.version }));
  objs(spec, "containers").forEach((c, i) => {
    const image = str(c, "image");
    if (image.length !== image.trim().length)
      out.push(
        fe.invalid(`spec.containers[${i}].image`, image, "must not have leading or trailing whitespace"),
      );
  });
  if (objs(spec, "ephemeralContainers").length)
    out.push(fe.forbidden("spec.ephemeralContainers", "cannot be set on create"));
  return out;
}

const UPDATABLE =
  "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

/** ValidatePodUpdate: only images, activeDeadlineSeconds and added tolerations may change. */
function validatePodUpdate(o: JsonObject, old: JsonObject, env: RulesEnv): FieldError[] {
  const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
  out.push(...validatePod(o, env).filter((e) => !e.field.startsWith("metadata.")));
  const spec = obj(o, "spec");
  const oldSpec = obj(old, "spec");
  for (const k of ["containers", "initContainers"])
    if (objs(spec, k).length !== objs(oldSpec, k).length)
      return [...out, fe.forbidden(`spec.${k}`, "pod updates may not add or remove containers")];
  const munged = JSON.parse(JSON.stringify(spec)) as JsonObject;
  for (const k of ["containers", "initContainers"])
    objs(munged, k).forEach((c, i) => {
      c.image = objs(oldSpec, k)[i]!.image ?? "";
    });
  delete munged.activeDeadlineSeconds;
  if (has(oldSpec, "activeDeadlineSeconds")) munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds!;
  munged.tolerations = oldSpec.tolerations ?? null;
  if (!has(munged, "tolerations")) delete munged.tolerations;
  const ads = optNum(spec, "activeDeadlineSeconds");
  const oldAds = optNum(oldSpec, "activeDeadlineSeconds");
  if (ads !== undefined && oldAds !== undefined && oldAds < ads)
    out.push(fe.invalid("spec.activeDeadlineSeconds", ads, "must be less than or equal to previous value"));
  if (!jsonEqual(munged, oldSpec))
    out.push(
      fe.forbidden(
        "spec",
        `pod updates may not change fields other than ${UPDATABLE}\n${specDiffPlaceholder}`,
      ),
    );
  return out;
}

/**
 * The server appends cmp.Diff of the internal PodSpec structs; the reference does not reproduce
 * that dump (the difftest lists it as a known divergence and compares the text before it).
 */
export const specDiffPlaceholder = "  core.PodSpec{ ... }";

export const podRules: KindRules = {
  defaults: (o) => defaultPod(o),
  admission: (o) => admission(o),
  prepareForCreate(o) {
    o.status = { phase: "Pending", qosClass: podQos(obj(o, "spec")) };
  },
  prepareForUpdate(o, old) {
    o.status = old.status ?? {};
  },
  validate: validatePod,
  validateUpdate: validatePodUpdate,
};
