/** apimachinery label selectors: matching (labels.Selector semantics) and the service map-selector form. */
import type { LabelSelector, Labels } from "./model.js";

/** metav1.LabelSelectorAsSelector: every matchLabels pair and every requirement must hold; `{}` matches all. */
export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const k in selector.matchLabels) if (labels[k] !== selector.matchLabels[k]) return false;
  for (const r of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case "In":
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case "NotIn":
        // labels/selector.go: NotIn matches when the key is absent.
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A service's `spec.selector` (map form, SelectorFromSet). */
export function mapSelectorMatches(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

export function emptySelector(): LabelSelector {
  return { matchLabels: {}, matchExpressions: [] };
}
