/**
 * ValidateServiceUpdate (pkg/apis/core/validation/validation.go): cluster IPs and IP families may
 * only be upgraded (a second family added) or downgraded with SingleStack, never changed; the
 * load-balancer class and the health-check node port stay; then the whole ValidateService.
 */
import { fe, goStrings, type FieldError } from "../field-errors.js";
import { num, obj, optStr, str, strs, type JsonObject } from "../json.js";
import { metaOf, validateObjectMetaUpdate } from "../validate/meta.js";
import { validateService } from "./service-validate.js";

const isHeadless = (spec: JsonObject) =>
  strs(spec, "clusterIPs").length === 1 && strs(spec, "clusterIPs")[0] === "None";
const needsHealthCheck = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" && str(spec, "externalTrafficPolicy") === "Local";

function validateUpgradeDowngradeClusterIPs(spec: JsonObject, oldSpec: JsonObject, out: FieldError[]): void {
  if (str(spec, "type") === "ExternalName" || str(oldSpec, "type") === "ExternalName") return;
  if (isHeadless(oldSpec) && isHeadless(spec)) return;
  const ips = strs(spec, "clusterIPs");
  const old = strs(oldSpec, "clusterIPs");
  if (old.length === ips.length) {
    old.forEach((ip, i) => {
      if (ip !== ips[i])
        out.push(fe.invalid(`spec.clusterIPs[${i}]`, goStrings(ips), "may not change once set"));
    });
  } else if (old.length > ips.length) {
    if (ips.length === 0)
      out.push(fe.invalid("spec.clusterIPs[0]", goStrings(ips), "primary clusterIP can not be unset"));
    if (old.length > 0 && ips.length > 0 && ips[0] !== old[0])
      out.push(fe.invalid("spec.clusterIPs[0]", goStrings(ips), "may not change once set"));
    if (ips.length === 1 && optStr(spec, "ipFamilyPolicy") !== "SingleStack")
      out.push(
        fe.invalid(
          "spec.ipFamilyPolicy",
          optStr(spec, "ipFamilyPolicy") ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
  } else if (old.length > 0 && ips[0] !== old[0])
    out.push(fe.invalid("spec.clusterIPs[0]", goStrings(ips), "may not change once set"));
}

function validateUpgradeDowngradeIPFamilies(spec: JsonObject, oldSpec: JsonObject, out: FieldError[]): void {
  if (str(spec, "type") === "ExternalName" || str(oldSpec, "type") === "ExternalName") return;
  if (isHeadless(spec) !== isHeadless(oldSpec) || isHeadless(spec)) return;
  const fams = strs(spec, "ipFamilies");
  const old = strs(oldSpec, "ipFamilies");
  const asFamilies = goStrings(fams, "core.IPFamily");
  if (old.length === fams.length) {
    old.forEach((f, i) => {
      if (f !== fams[i]) out.push(fe.invalid("spec.ipFamilies[0]", asFamilies, "may not change once set"));
    });
  } else if (old.length > fams.length) {
    if (strs(spec, "clusterIPs").length === 0)
      out.push(fe.invalid("spec.ipFamilies[0]", asFamilies, "primary ipFamily can not be unset"));
    if (fams.length > 0 && fams[0] !== old[0])
      out.push(
        fe.invalid("spec.ipFamilies[0]", goStrings(strs(spec, "clusterIPs")), "may not change once set"),
      );
    if (fams.length === 1 && optStr(spec, "ipFamilyPolicy") !== "SingleStack")
      out.push(
        fe.invalid(
          "spec.ipFamilyPolicy",
          optStr(spec, "ipFamilyPolicy") ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
  } else if (old.length > 0 && fams.length > 0 && fams[0] !== old[0])
    out.push(
      fe.invalid("spec.ipFamilies[0]", goStrings(strs(spec, "clusterIPs")), "may not change once set"),
    );
}

/** ValidateServiceUpdate. */
export function validateServiceUpdate(o: JsonObject, old: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  const oldSpec = obj(old, "spec");
  const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
  validateUpgradeDowngradeClusterIPs(spec, oldSpec, out);
  validateUpgradeDowngradeIPFamilies(spec, oldSpec, out);
  if (
    str(oldSpec, "type") === "LoadBalancer" &&
    str(spec, "type") === "LoadBalancer" &&
    optStr(oldSpec, "loadBalancerClass") !== optStr(spec, "loadBalancerClass")
  )
    out.push(
      fe.invalid(
        "spec.loadBalancerClass",
        optStr(spec, "loadBalancerClass") ?? null,
        "may not change once set",
      ),
    );
  if (
    needsHealthCheck(oldSpec) &&
    needsHealthCheck(spec) &&
    num(spec, "healthCheckNodePort") !== num(oldSpec, "healthCheckNodePort")
  )
    out.push(fe.forbidden("spec.healthCheckNodePort", "field is immutable"));
  return [...out, ...validateService(o)];
}
