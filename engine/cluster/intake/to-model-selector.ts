/** metav1.LabelSelector from admitted JSON to the model (shared by every kind with selectors). */
import type { LabelSelector } from "../model.js";
import { objs, str, strMap, strs, type JsonObject } from "./json.js";

export function labelSelector(s: JsonObject | undefined): LabelSelector {
  return {
    matchLabels: strMap(s, "matchLabels"),
    matchExpressions: objs(s, "matchExpressions").map((e) => ({
      key: str(e, "key"),
      operator: str(e, "operator") as LabelSelector["matchExpressions"][number]["operator"],
      values: strs(e, "values"),
    })),
  };
}
