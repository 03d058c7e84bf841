/**
 * Service IP and node-port allocation as the registry does it before validation
 * (pkg/registry/core/service/storage/alloc.go: initIPFamilyFields, allocClusterIPs/allocIPs,
 * initNodePorts, allocHealthCheckNodePort, updateClusterIPs, updateNodePorts), over the allocator
 * primitives the runtime provides. A dry run changes nothing and answers as the dry-run allocators
 * do (ipallocator dryRunRange: the range's base address, no free check; portallocator operation:
 * 32769 upward, taken ports refused but not the range).
 */
import { fe, goStrings, type FieldError } from "../field-errors.js";
import { obj, optStr, str, strs, type JsonObject } from "../json.js";
import { invalid, internalError } from "../status.js";
import { parseIpSloppy } from "../validate/ip.js";
import { validateServiceClusterIPsRelatedFields } from "./service-validate.js";

export type Family = "IPv4" | "IPv6";

/** What allocation needs from the cluster's allocators. */
export interface ServiceAllocation {
  families: Family[];
  /** Why `ip` cannot be taken in its family's range (ipallocator error text), or undefined. */
  checkIp(family: Family, ip: string): "range" | "taken" | undefined;
  rangeText(family: Family): string;
  /** The range's first address (what a dry run hands out). */
  baseIp(family: Family): string;
  takeIp(family: Family, ip: string): void;
  nextIp(family: Family): string | undefined;
  releaseIp(ip: string): void;
  nodePortRange: [number, number];
  nodePortTaken(port: number): boolean;
  takeNodePort(port: number): void;
  nextNodePort(): number | undefined;
  releaseNodePort(port: number): void;
}

const familyOf = (ip: string): Family => (parseIpSloppy(ip)?.family === 6 ? "IPv6" : "IPv4");
const isHeadless = (spec: JsonObject) =>
  strs(spec, "clusterIPs").length === 1 && strs(spec, "clusterIPs")[0] === "None";

function svcInvalid(o: JsonObject, causes: FieldError[]): never {
  throw invalid("", "Service", str(obj(o, "metadata"), "name"), causes);
}

/** initIPFamilyFields for a create (no old object) or an update. */
export function initIPFamilyFields(o: JsonObject, old: JsonObject | undefined, al: ServiceAllocation): void {
  const spec = obj(o, "spec");
  if (str(spec, "type") === "ExternalName") return;
  if (old && matchingPreferDualStack(spec, obj(old, "spec"))) return;
  if (optStr(spec, "ipFamilyPolicy") === undefined) {
    const oldPolicy = old ? optStr(obj(old, "spec"), "ipFamilyPolicy") : undefined;
    if (oldPolicy !== undefined) spec.ipFamilyPolicy = oldPolicy;
    else if (str(spec, "clusterIP") === "None" && Object.keys(obj(spec, "selector")).length === 0)
      spec.ipFamilyPolicy = "RequireDualStack";
    else spec.ipFamilyPolicy = "SingleStack";
  }
  const pre = validateServiceClusterIPsRelatedFields(o);
  if (pre.length) svcInvalid(o, pre);
  const el: FieldError[] = [];
  const policy = str(spec, "ipFamilyPolicy");
  if (old) updatePrep(spec, obj(old, "spec"), policy, el);
  const clusterIPs = strs(spec, "clusterIPs");
  const families = strs(spec, "ipFamilies") as Family[];
  if (policy === "SingleStack") {
    if (strs(spec, "clusterIPs").length === 2)
      el.push(
        fe.invalid(
          "spec.ipFamilyPolicy",
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    if (strs(spec, "ipFamilies").length === 2)
      el.push(
        fe.invalid(
          "spec.ipFamilyPolicy",
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
  }
  for (const [i, ip] of clusterIPs.entries()) {
    if (ip === "None") break;
    const fam = familyOf(ip);
    if (i >= families.length) {
      if (!al.families.includes(fam))
        el.push(
          fe.invalid(
            `spec.clusterIPs[${i}]`,
            goStrings(clusterIPs),
            `${fam} is not configured on this cluster`,
          ),
        );
      else families.push(fam);
    }
  }
  spec.ipFamilies = families;
  if (el.length) svcInvalid(o, el);
  if (str(spec, "clusterIP") === "None" && Object.keys(obj(spec, "selector")).length === 0) {
    if (families.length === 0) families.push(al.families[0]!);
    if (families.length < 2 && str(spec, "ipFamilyPolicy") !== "SingleStack")
      families.push(families[0] === "IPv4" ? "IPv6" : "IPv4");
    spec.ipFamilies = families;
    return;
  }
  if (str(spec, "ipFamilyPolicy") === "RequireDualStack" && al.families.length < 2)
    el.push(
      fe.invalid(
        "spec.ipFamilyPolicy",
        str(spec, "ipFamilyPolicy"),
        "this cluster is not configured for dual-stack services",
      ),
    );
  families.forEach((f, i) => {
    if (!al.families.includes(f))
      el.push(fe.invalid(`spec.ipFamilies[${i}]`, f, "not configured on this cluster"));
  });
  if (el.length) svcInvalid(o, el);
  if (families.length === 0) families.push(al.families[0]!);
  if (str(spec, "ipFamilyPolicy") !== "SingleStack" && families.length === 1 && al.families.length === 2)
    families.push(families[0] === "IPv4" ? "IPv6" : "IPv4");
  spec.ipFamilies = families;
}

function updatePrep(spec: JsonObject, oldSpec: JsonObject, policy: string, el: FieldError[]): void {
  const ips = strs(spec, "clusterIPs");
  const fams = strs(spec, "ipFamilies");
  if (policy === "SingleStack") {
    if (sameList(strs(oldSpec, "clusterIPs"), ips) && ips.length > 1) spec.clusterIPs = ips.slice(0, 1);
    if (sameList(strs(oldSpec, "ipFamilies"), fams) && fams.length > 1) spec.ipFamilies = fams.slice(0, 1);
    return;
  }
  if (ips.length > 0 && ips.length < strs(oldSpec, "clusterIPs").length)
    el.push(
      fe.invalid("spec.ipFamilyPolicy", policy, "must be 'SingleStack' to release the secondary cluster IP"),
    );
  if (fams.length > 0 && fams.length < strs(oldSpec, "ipFamilies").length)
    el.push(
      fe.invalid("spec.ipFamilyPolicy", policy, "must be 'SingleStack' to release the secondary IP family"),
    );
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function matchingPreferDualStack(spec: JsonObject, oldSpec: JsonObject): boolean {
  const policy = optStr(spec, "ipFamilyPolicy");
  if (policy === undefined || str(oldSpec, "type") !== str(spec, "type")) return false;
  if (!["ClusterIP", "NodePort", "LoadBalancer"].includes(str(spec, "type"))) return false;
  if (policy !== "PreferDualStack") return false;
  const oldPolicy = optStr(oldSpec, "ipFamilyPolicy");
  if (oldPolicy !== undefined && oldPolicy !== "PreferDualStack") return false;
  return (
    sameList(strs(oldSpec, "clusterIPs"), strs(spec, "clusterIPs")) &&
    sameList(strs(oldSpec, "ipFamilies"), strs(spec, "ipFamilies"))
  );
}

/** allocIPs for the families at the given indices (empty = pick one). Returns what was taken. */
function allocIps(o: JsonObject, indices: number[], al: ServiceAllocation, dryRun: boolean): string[] {
  const spec = obj(o, "spec");
  const ips = strs(spec, "clusterIPs");
  const fams = strs(spec, "ipFamilies") as Family[];
  const taken: string[] = [];
  for (const i of indices) {
    const fam = fams[i]!;
    const want = ips[i] ?? "";
    if (want === "") {
      const ip = dryRun ? al.baseIp(fam) : al.nextIp(fam);
      if (ip === undefined) {
        for (const t of taken) al.releaseIp(t);
        throw internalError("failed to allocate a serviceIP: range is full");
      }
      if (!dryRun) taken.push(ip);
      ips[i] = ip;
      continue;
    }
    const why = al.checkIp(fam, want);
    if (why === "range" || (why === "taken" && !dryRun)) {
      for (const t of taken) al.releaseIp(t);
      const detail =
        why === "range"
          ? `the provided IP (${want}) is not in the valid range. The range of valid IPs is ${al.rangeText(fam)}`
          : "provided IP is already allocated";
      svcInvalid(o, [
        fe.invalid(
          "spec.clusterIPs",
          goStrings(strs(spec, "clusterIPs")),
          `failed to allocate IP ${want}: ${detail}`,
        ),
      ]);
    }
    if (!dryRun) {
      al.takeIp(fam, want);
      taken.push(want);
    }
  }
  spec.clusterIPs = ips;
  if (ips.length) spec.clusterIP = ips[0]!;
  return taken;
}

/** allocClusterIPs on create: every family gets its (requested or next) address. */
export function allocClusterIPs(o: JsonObject, al: ServiceAllocation, dryRun: boolean): string[] {
  const spec = obj(o, "spec");
  if (str(spec, "type") === "ExternalName" || isHeadless(spec)) return [];
  const fams = strs(spec, "ipFamilies");
  const ips = strs(spec, "clusterIPs");
  while (ips.length < fams.length) ips.push("");
  spec.clusterIPs = ips;
  return allocIps(
    o,
    fams.map((_, i) => i),
    al,
    dryRun,
  );
}

/** updateClusterIPs: ExternalName → typed allocates, a new secondary family allocates, downgrades release. */
export function updateClusterIPs(
  o: JsonObject,
  old: JsonObject,
  al: ServiceAllocation,
  dryRun: boolean,
): { taken: string[]; release: string[] } {
  const spec = obj(o, "spec");
  const oldSpec = obj(old, "spec");
  if (matchingPreferDualStack(spec, oldSpec)) return { taken: [], release: [] };
  const oldType = str(oldSpec, "type");
  const type = str(spec, "type");
  if (oldType === "ExternalName" && type !== "ExternalName")
    return { taken: allocClusterIPs(o, al, dryRun), release: [] };
  if (isHeadless(oldSpec)) return { taken: [], release: [] };
  if (oldType !== "ExternalName" && type === "ExternalName")
    return { taken: [], release: strs(oldSpec, "clusterIPs") };
  const oldFams = strs(oldSpec, "ipFamilies");
  const fams = strs(spec, "ipFamilies");
  if (oldFams.length === 1 && fams.length === 2) {
    const ips = strs(spec, "clusterIPs");
    if (ips.length < 2) ips.push("");
    spec.clusterIPs = ips;
    return { taken: allocIps(o, [1], al, dryRun), release: [] };
  }
  if (oldFams.length === 2 && fams.length === 1)
    return { taken: [], release: [strs(oldSpec, "clusterIPs")[1] ?? ""] };
  return { taken: [], release: [] };
}
