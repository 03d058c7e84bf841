/**
 * Endpoints (core validation.go ValidateEndpoints, validateEndpointSubsets, validateEndpointAddress,
 * validateEndpointPort; SetDefaults_Endpoints), EndpointSlices (discovery/validation
 * ValidateEndpointSlice; discovery/v1 defaults: port name "" and protocol TCP), and Nodes (ValidateNode:
 * taints — under metadata.taints, as upstream reports them — and podCIDRs; the TaintNodesByCondition
 * admission plugin's not-ready taint on create).
 */
import { fe, GoValue, goQuote, goStrings, type FieldError } from "../field-errors.js";
import { ensureObj, has, num, obj, objs, optStr, str, strMap, strs, type JsonObject } from "../json.js";
import { CIDR_MSG, IP_MSG, parseCidrSloppy, parseIpSloppy } from "../validate/ip.js";
import {
  metaOf,
  nameIsDNSSubdomain,
  validateLabelName,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortNum,
} from "../validate/names.js";
import { nonSpecialIp } from "./service-validate.js";
import type { KindRules } from "./rules.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const label = (v: string, path: string) => isDNS1123Label(v).map((m) => fe.invalid(path, v, m));

function validateEndpointAddress(a: JsonObject, path: string): FieldError[] {
  const out: FieldError[] = [];
  const ip = str(a, "ip");
  if (!parseIpSloppy(ip)) out.push(fe.invalid(`${path}.ip`, ip, IP_MSG));
  if (str(a, "hostname")) out.push(...label(str(a, "hostname"), `${path}.hostname`));
  const node = optStr(a, "nodeName");
  if (node !== undefined)
    for (const m of isDNS1123Subdomain(node)) out.push(fe.invalid(`${path}.nodeName`, node, m));
  out.push(...nonSpecialIp(ip, `${path}.ip`));
  return out;
}

function validateEndpoints(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  objs(o, "subsets").forEach((s, i) => {
    const p = `subsets[${i}]`;
    if (objs(s, "addresses").length === 0 && objs(s, "notReadyAddresses").length === 0)
      out.push(fe.required(p, "must specify `addresses` or `notReadyAddresses`"));
    objs(s, "addresses").forEach((a, j) => out.push(...validateEndpointAddress(a, `${p}.addresses[${j}]`)));
    objs(s, "notReadyAddresses").forEach((a, j) =>
      out.push(...validateEndpointAddress(a, `${p}.notReadyAddresses[${j}]`)),
    );
    const ports = objs(s, "ports");
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      const name = str(port, "name");
      if (ports.length > 1 && !name) out.push(fe.required(`${pp}.name`));
      else if (name) out.push(...label(name, `${pp}.name`));
      for (const m of isValidPortNum(num(port, "port")))
        out.push(fe.invalid(`${pp}.port`, num(port, "port"), m));
      const proto = str(port, "protocol");
      if (!proto) out.push(fe.required(`${pp}.protocol`));
      else if (!PROTOCOLS.includes(proto)) out.push(fe.notSupported(`${pp}.protocol`, proto, PROTOCOLS));
      const app = optStr(port, "appProtocol");
      if (app !== undefined)
        for (const m of isQualifiedName(app)) out.push(fe.invalid(`${pp}.appProtocol`, app, m));
    });
  });
  return out;
}

export const endpointsRules: KindRules = {
  defaults(o) {
    for (const s of objs(o, "subsets"))
      for (const p of objs(s, "ports")) if (!str(p, "protocol")) p.protocol = "TCP";
  },
  validate: validateEndpoints,
  validateUpdate: (o, old) => [...validateObjectMetaUpdate(metaOf(o), metaOf(old)), ...validateEndpoints(o)],
};

/** IsFullyQualifiedDomainName. */
function fqdnErrors(v: string, path: string): FieldError[] {
  if (!v) return [fe.required(path)];
  const name = v.endsWith(".") ? v.slice(0, -1) : v;
  const errs = isDNS1123Subdomain(name);
  if (errs.length) return [fe.invalid(path, name, errs.join(","))];
  if (name.split(".").length < 2)
    return [fe.invalid(path, name, "should be a domain with at least two segments separated by dots")];
  for (const l of name.split(".")) {
    const e = isDNS1123Label(l);
    if (e.length) return [fe.invalid(path, l, e.join(","))];
  }
  return [];
}

function validateSliceAddress(type: string, a: string, path: string): FieldError[] {
  const ip = parseIpSloppy(a);
  if (type === "IPv4")
    return [
      ...(!ip || ip.family !== 4 ? [fe.invalid(path, a, "must be a valid IPv4 address")] : []),
      ...nonSpecialIp(a, path),
    ];
  if (type === "IPv6")
    return [
      ...(!ip || ip.family !== 6 ? [fe.invalid(path, a, "must be a valid IPv6 address")] : []),
      ...nonSpecialIp(a, path),
    ];
  if (type === "FQDN") return fqdnErrors(a, path);
  return [];
}

function validateEndpointSlice(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  const type = str(o, "addressType");
  if (!type) out.push(fe.required("addressType"));
  else if (!["FQDN", "IPv4", "IPv6"].includes(type))
    out.push(fe.notSupported("addressType", type, ["FQDN", "IPv4", "IPv6"]));
  const endpoints = objs(o, "endpoints");
  if (endpoints.length > 1000) out.push(fe.tooMany("endpoints", endpoints.length, 1000));
  else
    endpoints.forEach((e, i) => {
      const p = `endpoints[${i}]`;
      const addrs = strs(e, "addresses");
      if (addrs.length === 0) out.push(fe.required(`${p}.addresses`, "must contain at least 1 address"));
      else if (addrs.length > 100) out.push(fe.tooMany(`${p}.addresses`, addrs.length, 100));
      addrs.forEach((a, j) => out.push(...validateSliceAddress(type, a, `${p}.addresses[${j}]`)));
      const node = optStr(e, "nodeName");
      if (node !== undefined)
        for (const m of isDNS1123Subdomain(node)) out.push(fe.invalid(`${p}.nodeName`, node, m));
      const topo = strMap(e, "deprecatedTopology");
      if (Object.keys(topo).length > 16)
        out.push(fe.tooMany(`${p}.deprecatedTopology`, Object.keys(topo).length, 16));
      out.push(...validateLabels(topo, `${p}.deprecatedTopology`));
      const host = optStr(e, "hostname");
      if (host !== undefined) out.push(...label(host, `${p}.hostname`));
    });
  const names = new Set<string>();
  const ports = objs(o, "ports");
  if (ports.length > 20000) out.push(fe.tooMany("ports", ports.length, 20000));
  else
    ports.forEach((port, i) => {
      const p = `ports[${i}]`;
      const name = str(port, "name");
      if (name) out.push(...label(name, `${p}.name`));
      if (names.has(name)) out.push(fe.duplicate(`${p}.name`, name));
      else names.add(name);
      const proto = optStr(port, "protocol");
      if (proto === undefined) out.push(fe.required(`${p}.protocol`));
      else if (!PROTOCOLS.includes(proto)) out.push(fe.notSupported(`${p}.protocol`, proto, PROTOCOLS));
      const app = optStr(port, "appProtocol");
      if (app !== undefined)
        for (const m of isQualifiedName(app)) out.push(fe.invalid(`${p}.appProtocol`, app, m));
    });
  return out;
}

export const endpointSliceRules: KindRules = {
  generation: true,
  defaults(o) {
    for (const p of objs(o, "ports")) {
      if (!has(p, "name")) p.name = "";
      if (!has(p, "protocol")) p.protocol = "TCP";
    }
  },
  validate: validateEndpointSlice,
  validateUpdate(o, old) {
    const out = [...validateObjectMetaUpdate(metaOf(o), metaOf(old)), ...validateEndpointSlice(o)];
    if (str(o, "addressType") !== str(old, "addressType"))
      out.push(fe.invalid("addressType", str(o, "addressType"), "field is immutable"));
    return out;
  },
};

function taintValue(t: JsonObject): GoValue {
  return new GoValue(
    `core.Taint{Key:${goQuote(str(t, "key"))}, Value:${goQuote(str(t, "value"))}, Effect:${goQuote(str(t, "effect"))}, TimeAdded:<nil>}`,
  );
}

function validateNode(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), false, nameIsDNSSubdomain);
  const spec = obj(o, "spec");
  const unique = new Map<string, Set<string>>();
  objs(spec, "taints").forEach((t, i) => {
    const p = `metadata.taints[${i}]`;
    out.push(...validateLabelName(str(t, "key"), `${p}.key`));
    const ve = isValidLabelValue(str(t, "value"));
    if (ve.length) out.push(fe.invalid(`${p}.value`, str(t, "value"), ve.join(";")));
    const effect = str(t, "effect");
    if (!effect) out.push(fe.required(`${p}.effect`));
    else if (!["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect))
      out.push(fe.notSupported(`${p}.effect`, effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
    const keys = unique.get(effect) ?? new Set<string>();
    if (keys.has(str(t, "key"))) {
      out.push({ ...fe.duplicate(p, taintValue(t)), detail: "taints must be unique by key and effect pair" });
      return;
    }
    keys.add(str(t, "key"));
    unique.set(effect, keys);
  });
  const cidrs = strs(spec, "podCIDRs");
  cidrs.forEach((c, i) => {
    if (!parseCidrSloppy(c)) out.push(fe.invalid(`spec.podCIDRs[${i}]`, c, CIDR_MSG));
  });
  if (cidrs.length > 1) {
    const fams = cidrs.map((c) => parseCidrSloppy(c)?.ip.family);
    if (cidrs.length > 2 || fams[0] === fams[1])
      out.push(
        fe.invalid("spec.podCIDRs", goStrings(cidrs), "may specify no more than one CIDR for each IP family"),
      );
    const seen = new Set<string>();
    cidrs.forEach((c, i) => {
      if (seen.has(c)) out.push(fe.duplicate(`spec.podCIDRs[${i}]`, c));
      seen.add(c);
    });
  }
  return out;
}

export const nodeRules: KindRules = {
  defaults(o) {
    // Convert_v1_NodeSpec_To_core_NodeSpec: podCIDR is authoritative when both are given and differ,
    // a lone podCIDR is podCIDRs[0]; back in v1, podCIDR mirrors podCIDRs[0].
    const spec = ensureObj(o, "spec");
    const single = str(spec, "podCIDR");
    const list = strs(spec, "podCIDRs");
    if (single && (list.length === 0 || list[0] !== single)) spec.podCIDRs = [single];
    if (strs(spec, "podCIDRs").length) spec.podCIDR = strs(spec, "podCIDRs")[0]!;
  },
  admission(o, _env, old) {
    // TaintNodesByCondition: a new node is not ready until its kubelet says so.
    if (old) return;
    const spec = ensureObj(o, "spec");
    const taints = objs(spec, "taints");
    if (
      !taints.some(
        (t) => str(t, "key") === "node.kubernetes.io/not-ready" && str(t, "effect") === "NoSchedule",
      )
    )
      spec.taints = [...taints, { effect: "NoSchedule", key: "node.kubernetes.io/not-ready" }];
  },
  validate: validateNode,
  validateUpdate: (o, old) => [
    ...validateObjectMetaUpdate(metaOf(o), metaOf(old)),
    ...validateNode(o).filter((e) => !e.field.startsWith("metadata.name")),
  ],
};
