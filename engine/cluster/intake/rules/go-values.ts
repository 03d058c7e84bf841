/**
 * Go's %#v of the few API structs validation messages print whole: label selectors, label maps and
 * (when too large to reproduce, like pod templates) a marker the comparison knows to skip.
 */
import { GoValue, goQuote, goStringMap } from "../field-errors.js";
import { isObject, objs, str, strs, type JsonObject } from "../json.js";
import type { Json } from "../decode/yaml-json.js";

function labelMap(v: Json | undefined): string {
  if (!isObject(v)) return "map[string]string(nil)";
  const m: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) m[k] = typeof x === "string" ? x : "";
  return goStringMap(m).text;
}

/** %#v of a metav1.LabelSelector value. */
export function goLabelSelector(sel: JsonObject | undefined): GoValue {
  const s = sel ?? {};
  const exprs = Array.isArray(s.matchExpressions)
    ? `[]v1.LabelSelectorRequirement{${objs(s, "matchExpressions")
        .map((e) => {
          const values = Array.isArray(e.values)
            ? `[]string{${strs(e, "values").map(goQuote).join(", ")}}`
            : "[]string(nil)";
          return `v1.LabelSelectorRequirement{Key:${goQuote(str(e, "key"))}, Operator:${goQuote(str(e, "operator"))}, Values:${values}}`;
        })
        .join(", ")}}`
    : "[]v1.LabelSelectorRequirement(nil)";
  return new GoValue(`v1.LabelSelector{MatchLabels:${labelMap(s.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** %#v of a map[string]string, nil when absent. */
export function goLabels(v: Json | undefined): GoValue {
  return new GoValue(labelMap(v));
}

/** %#v of an intstr.IntOrString value (Type 0 = Int, 1 = String). */
export function goIntOrString(v: Json | undefined): GoValue {
  if (typeof v === "string") return new GoValue(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`);
  return new GoValue(`intstr.IntOrString{Type:0, IntVal:${typeof v === "number" ? v : 0}, StrVal:""}`);
}

/** A struct the server prints with %#v in full; the reference names its type only. */
export function goStruct(type: string): GoValue {
  return new GoValue(`${type}{...}`);
}
