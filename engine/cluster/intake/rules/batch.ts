/**
 * batch/v1 Jobs: SetDefaults_Job (pkg/apis/batch/v1/defaults.go: completions/parallelism, backoff,
 * completion mode, suspend, manualSelector, podReplacementPolicy with JobPodReplacementPolicy on
 * since 1.29), the strategy's generated selector and labels (pkg/registry/batch/job/strategy.go
 * generateSelector) and ValidateJob / ValidateJobSpecUpdate (pkg/apis/batch/validation).
 */
import { fe, type FieldError } from "../field-errors.js";
import {
  ensureObj,
  has,
  jsonEqual,
  num,
  obj,
  optBool,
  optNum,
  optObj,
  optStr,
  str,
  strMap,
  type JsonObject,
} from "../json.js";
import { defaultTemplate } from "../defaults/pod.js";
import {
  asSelector,
  metaOf,
  nameIsDNSSubdomain,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import { isDNS1123Label } from "../validate/names.js";
import { validatePodTemplate } from "./apps.js";
import { goLabels, goLabelSelector, goStruct } from "./go-values.js";
import type { KindRules, RulesEnv } from "./rules.js";

const nonNegative = (spec: JsonObject, k: string, out: FieldError[]) => {
  const v = optNum(spec, k);
  if (v !== undefined && v < 0) out.push(fe.invalid(`spec.${k}`, v, "must be greater than or equal to 0"));
};

function defaults(o: JsonObject): void {
  const spec = ensureObj(o, "spec");
  if (!has(spec, "completions") && !has(spec, "parallelism")) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (!has(spec, "parallelism")) spec.parallelism = 1;
  if (!has(spec, "backoffLimit")) spec.backoffLimit = has(spec, "backoffLimitPerIndex") ? 2147483647 : 6;
  const t = ensureObj(spec, "template");
  const m = ensureObj(o, "metadata");
  const tl = obj(t, "metadata").labels;
  if (tl !== undefined && tl !== null && Object.keys(strMap(m, "labels")).length === 0)
    m.labels = { ...strMap(obj(t, "metadata"), "labels") };
  if (!has(spec, "completionMode")) spec.completionMode = "NonIndexed";
  if (!has(spec, "suspend")) spec.suspend = false;
  if (!has(spec, "podReplacementPolicy"))
    spec.podReplacementPolicy = has(spec, "podFailurePolicy") ? "Failed" : "TerminatingOrFailed";
  if (!has(spec, "manualSelector")) spec.manualSelector = false;
  defaultTemplate(t);
}

/**
 * generateSelector. SetDefaults_Job gave a Job without labels its template's label map itself (the
 * same Go map), so the labels added to the template here show on the Job too.
 */
function generateSelector(o: JsonObject): void {
  const spec = ensureObj(o, "spec");
  if (optBool(spec, "manualSelector") === true) return;
  const meta = metaOf(o);
  const tm = ensureObj(ensureObj(spec, "template"), "metadata");
  const shared = tm.labels !== undefined && tm.labels !== null && jsonEqual(meta.labels ?? null, tm.labels);
  const labels = strMap(tm, "labels");
  for (const k of ["job-name", "batch.kubernetes.io/job-name"]) labels[k] ??= str(meta, "name");
  for (const k of ["controller-uid", "batch.kubernetes.io/controller-uid"]) labels[k] ??= str(meta, "uid");
  tm.labels = labels;
  if (shared) meta.labels = { ...labels };
  const sel = ensureObj(spec, "selector");
  const ml = strMap(sel, "matchLabels");
  ml["batch.kubernetes.io/controller-uid"] ??= str(meta, "uid");
  sel.matchLabels = ml;
}

function validateGeneratedSelector(o: JsonObject, out: FieldError[]): void {
  const spec = obj(o, "spec");
  if (optBool(spec, "manualSelector") === true || !optObj(spec, "selector")) return;
  const meta = metaOf(o);
  if (!str(meta, "uid")) out.push(fe.required("metadata.uid"));
  const labels = strMap(obj(obj(spec, "template"), "metadata"), "labels");
  const expected: Record<string, string> = {};
  for (const [k, v] of [
    ["controller-uid", str(meta, "uid")],
    ["job-name", str(meta, "name")],
    ["batch.kubernetes.io/controller-uid", str(meta, "uid")],
    ["batch.kubernetes.io/job-name", str(meta, "name")],
  ] as const) {
    if (labels[k] === undefined) out.push(fe.required(`spec.template.metadata.labels[${k}]`));
    else if (labels[k] !== v)
      out.push(fe.invalid(`spec.template.metadata.labels[${k}]`, labels[k]!, `must be '${v}'`));
    expected[k] = v;
  }
  const selector = asSelector(optObj(spec, "selector"));
  if (selector !== "error" && !selector(expected))
    out.push(
      fe.invalid("spec.selector", goLabelSelector(obj(spec, "selector")), "`selector` not auto-generated"),
    );
}

function validateJobSpec(o: JsonObject, env: RulesEnv): FieldError[] {
  const spec = obj(o, "spec");
  const out: FieldError[] = [];
  for (const k of [
    "parallelism",
    "completions",
    "activeDeadlineSeconds",
    "backoffLimit",
    "ttlSecondsAfterFinished",
  ])
    nonNegative(spec, k, out);
  const mode = optStr(spec, "completionMode");
  if (mode !== undefined && mode !== "NonIndexed" && mode !== "Indexed")
    out.push(fe.notSupported("spec.completionMode", mode, ["NonIndexed", "Indexed"]));
  if (mode === "Indexed" && !has(spec, "completions"))
    out.push(fe.required("spec.completions", "when completion mode is Indexed"));
  const prp = optStr(spec, "podReplacementPolicy");
  if (prp !== undefined && prp !== "TerminatingOrFailed" && prp !== "Failed")
    out.push(fe.notSupported("spec.podReplacementPolicy", prp, ["Failed", "TerminatingOrFailed"]));
  const t = obj(spec, "template");
  out.push(...validatePodTemplate(t, "spec.template", env));
  const rp = str(obj(t, "spec"), "restartPolicy");
  if (rp === "Always" || rp === "")
    out.push(fe.required("spec.template.spec.restartPolicy", 'valid values: "OnFailure", "Never"'));
  else if (rp !== "OnFailure" && rp !== "Never")
    out.push(fe.notSupported("spec.template.spec.restartPolicy", rp, ["OnFailure", "Never"]));
  const sel = optObj(spec, "selector");
  if (!sel) out.push(fe.required("spec.selector"));
  else out.push(...validateLabelSelector(sel, "spec.selector"));
  const selector = asSelector(sel);
  if (selector !== "error" && !selector(strMap(obj(t, "metadata"), "labels")))
    out.push(
      fe.invalid(
        "spec.template.metadata.labels",
        goLabels(obj(t, "metadata").labels ?? undefined),
        "`selector` does not match template `labels`",
      ),
    );
  return out;
}

function validateJob(o: JsonObject, env: RulesEnv): FieldError[] {
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  validateGeneratedSelector(o, out);
  out.push(...validateJobSpec(o, env));
  const spec = obj(o, "spec");
  if (str(spec, "completionMode") === "Indexed" && num(spec, "completions") > 0) {
    const host = `${str(metaOf(o), "name")}-${num(spec, "completions") - 1}`;
    if (isDNS1123Label(host).length)
      out.push(
        fe.invalid(
          "metadata.name",
          str(metaOf(o), "name"),
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
  }
  return out;
}

export const jobRules: KindRules = {
  generation: true,
  defaults,
  prepareForCreate(o) {
    generateSelector(o);
    o.status = {};
  },
  prepareForUpdate(o, old) {
    o.status = old.status ?? {};
  },
  validate: validateJob,
  validateUpdate(o, old, env) {
    const spec = obj(o, "spec");
    const oldSpec = obj(old, "spec");
    const out = [...validateObjectMetaUpdate(metaOf(o), metaOf(old)), ...validateJobSpec(o, env)];
    if (!jsonEqual(spec.completions ?? null, oldSpec.completions ?? null))
      out.push(fe.invalid("spec.completions", optNum(spec, "completions") ?? null, "field is immutable"));
    if (!jsonEqual(spec.selector ?? null, oldSpec.selector ?? null))
      out.push(fe.invalid("spec.selector", goLabelSelector(optObj(spec, "selector")), "field is immutable"));
    if (!jsonEqual(spec.template ?? null, oldSpec.template ?? null))
      out.push(fe.invalid("spec.template", goStruct("core.PodTemplateSpec"), "field is immutable"));
    if (str(spec, "completionMode") !== str(oldSpec, "completionMode"))
      out.push(fe.invalid("spec.completionMode", str(spec, "completionMode"), "field is immutable"));
    return out;
  },
};
