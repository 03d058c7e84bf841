/**
 * Kinds without rules of their own here: the object metadata checks every strategy runs
 * (ValidateObjectMeta with a DNS-subdomain name, the namespace rule of the kind's scope). Their
 * deeper validation is the server's; the reference stores them as admitted.
 */
import type { KindRules } from "./rules.js";
import { metaOf, nameIsDNSSubdomain, validateObjectMeta } from "../validate/meta.js";

export function genericRules(namespaced: boolean, generation = false): KindRules {
  return {
    generation,
    validate: (o) => validateObjectMeta(metaOf(o), namespaced, nameIsDNSSubdomain),
  };
}
