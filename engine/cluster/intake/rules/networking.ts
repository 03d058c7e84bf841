/**
 * networking.k8s.io/v1: NetworkPolicy (v1 defaults.go SetDefaults_NetworkPolicyPort protocol TCP,
 * SetDefaults_NetworkPolicy policyTypes; validation.go ValidateNetworkPolicySpec, Port, Peer,
 * IPBlock), Ingress (ValidateIngressCreate: rules, paths, backends, TLS, class name) and
 * IngressClass (controller is a domain-prefixed path, immutable).
 */
import { fe, GoValue, goStrings, type FieldError } from "../field-errors.js";
import {
  ensureObj,
  has,
  isObject,
  num,
  obj,
  objs,
  optObj,
  optStr,
  str,
  strMap,
  strs,
  type JsonObject,
} from "../json.js";
import { parseCidrSloppy, cidrHas, CIDR_MSG, parseIpSloppy } from "../validate/ip.js";
import {
  metaOf,
  nameIsDNSSubdomain,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import {
  isDNS1035Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  regexError,
} from "../validate/names.js";
import type { KindRules } from "./rules.js";

function validatePort(p: JsonObject, path: string): FieldError[] {
  const out: FieldError[] = [];
  const proto = optStr(p, "protocol");
  if (proto !== undefined && !["TCP", "UDP", "SCTP"].includes(proto))
    out.push(fe.notSupported(`${path}.protocol`, proto, ["TCP", "UDP", "SCTP"]));
  const port = p.port;
  const endPort = p.endPort;
  if (typeof port === "number") {
    for (const m of isValidPortNum(port)) out.push(fe.invalid(`${path}.port`, port, m));
    if (typeof endPort === "number") {
      if (endPort < port)
        out.push(fe.invalid(`${path}.endPort`, port, "must be greater than or equal to `port`"));
      for (const m of isValidPortNum(endPort)) out.push(fe.invalid(`${path}.endPort`, endPort, m));
    }
  } else if (typeof port === "string") {
    if (typeof endPort === "number")
      out.push(fe.invalid(`${path}.endPort`, endPort, "may not be specified when `port` is non-numeric"));
    for (const m of isValidPortName(port)) out.push(fe.invalid(`${path}.port`, port, m));
  } else if (typeof endPort === "number")
    out.push(fe.invalid(`${path}.endPort`, endPort, "may not be specified when `port` is not specified"));
  return out;
}

function validateIpBlock(b: JsonObject, path: string): FieldError[] {
  const cidr = str(b, "cidr");
  if (!cidr) return [fe.required(`${path}.cidr`)];
  const net = parseCidrSloppy(cidr);
  if (!net) return [fe.invalid(`${path}.cidr`, cidr, CIDR_MSG)];
  const out: FieldError[] = [];
  strs(b, "except").forEach((e, i) => {
    const ex = parseCidrSloppy(e);
    if (!ex) return out.push(fe.invalid(`${path}.except[${i}]`, e, CIDR_MSG));
    // IPNet.Contains(except.IP) with the masked addresses, and a strictly longer mask.
    const sameLen = (net.bits === 32) === (ex.bits === 32);
    if (!sameLen || !cidrHas(net, maskIp(ex)) || net.prefix >= ex.prefix)
      out.push(fe.invalid(`${path}.except[${i}]`, e, "must be a strict subset of `cidr`"));
  });
  return out;
}

function maskIp(c: { ip: ReturnType<typeof parseIpSloppy> & object; prefix: number; bits: 32 | 128 }) {
  return c.ip;
}

function validatePeer(p: JsonObject, path: string): FieldError[] {
  const out: FieldError[] = [];
  let n = 0;
  if (isObject(p.podSelector)) {
    n++;
    out.push(...validateLabelSelector(p.podSelector, `${path}.podSelector`));
  }
  if (isObject(p.namespaceSelector)) {
    n++;
    out.push(...validateLabelSelector(p.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (isObject(p.ipBlock)) {
    n++;
    out.push(...validateIpBlock(p.ipBlock, `${path}.ipBlock`));
  }
  if (n === 0) out.push(fe.required(path, "must specify a peer"));
  else if (n > 1 && isObject(p.ipBlock))
    out.push(fe.forbidden(path, "may not specify both ipBlock and another peer"));
  return out;
}

export function validateNetworkPolicy(o: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  out.push(...validateLabelSelector(obj(spec, "podSelector"), "spec.podSelector"));
  for (const [dir, peers] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const)
    objs(spec, dir).forEach((r, i) => {
      objs(r, "ports").forEach((p, j) => out.push(...validatePort(p, `spec.${dir}[${i}].ports[${j}]`)));
      objs(r, peers).forEach((p, j) => out.push(...validatePeer(p, `spec.${dir}[${i}].${peers}[${j}]`)));
    });
  const types = strs(spec, "policyTypes");
  if (types.length > 2)
    return [
      ...out,
      fe.invalid(
        "spec.policyTypes",
        goStrings(types, "networking.PolicyType"),
        "may not specify more than two policyTypes",
      ),
    ];
  types.forEach((t, i) => {
    if (t !== "Ingress" && t !== "Egress")
      out.push(fe.notSupported(`spec.policyTypes[${i}]`, t, ["Ingress", "Egress"]));
  });
  return out;
}

export const networkPolicyRules: KindRules = {
  generation: true,
  defaults(o) {
    const spec = ensureObj(o, "spec");
    for (const dir of ["ingress", "egress"])
      for (const r of objs(spec, dir))
        for (const p of objs(r, "ports")) if (!has(p, "protocol")) p.protocol = "TCP";
    if (strs(spec, "policyTypes").length === 0)
      spec.policyTypes = objs(spec, "egress").length ? ["Ingress", "Egress"] : ["Ingress"];
  },
  validate: validateNetworkPolicy,
  validateUpdate: (o, old) => [
    ...validateObjectMetaUpdate(metaOf(o), metaOf(old)),
    ...validateNetworkPolicy(o).filter((e) => !e.field.startsWith("metadata.")),
  ],
};

const INVALID_SEQUENCES = ["//", "/./", "/../", "%2f", "%2F"];

function validateBackend(b: JsonObject, path: string): FieldError[] {
  const resource = optObj(b, "resource");
  const service = optObj(b, "service");
  if (resource && service) return [fe.invalid(path, "", "cannot set both resource and service backends")];
  if (resource)
    return str(resource, "kind") && str(resource, "name")
      ? []
      : [fe.required(`${path}.resource.${str(resource, "kind") ? "name" : "kind"}`)];
  if (!service) return [fe.invalid(path, "", "resource or service backend is required")];
  const out: FieldError[] = [];
  const name = str(service, "name");
  if (!name) out.push(fe.required(`${path}.service.name`));
  else for (const m of isDNS1035Label(name)) out.push(fe.invalid(`${path}.service.name`, name, m));
  const port = obj(service, "port");
  const pn = str(port, "name");
  const num0 = num(port, "number");
  if (pn && num0) out.push(fe.invalid(path, "", "cannot set both port name & port number"));
  else if (pn) for (const m of isValidPortName(pn)) out.push(fe.invalid(`${path}.service.port.name`, pn, m));
  else if (num0)
    for (const m of isValidPortNum(num0)) out.push(fe.invalid(`${path}.service.port.number`, num0, m));
  else out.push(fe.required(path, "port name or number is required"));
  return out;
}

function validateHost(host: string, path: string, out: FieldError[]): boolean {
  if (!host) return false;
  if (parseIpSloppy(host)) out.push(fe.invalid(path, host, "must be a DNS name, not an IP address"));
  if (host.includes("*")) {
    for (const m of isWildcardDNS1123Subdomain(host)) out.push(fe.invalid(path, host, m));
    return true;
  }
  for (const m of isDNS1123Subdomain(host)) out.push(fe.invalid(path, host, m));
  return false;
}

function validatePath(p: JsonObject, path: string, out: FieldError[]): void {
  const type = optStr(p, "pathType");
  if (type === undefined) return void out.push(fe.required(`${path}.pathType`, "pathType must be specified"));
  const v = str(p, "path");
  if (type === "Exact" || type === "Prefix") {
    if (!v.startsWith("/")) out.push(fe.invalid(`${path}.path`, v, "must be an absolute path"));
    if (v) {
      for (const s of INVALID_SEQUENCES)
        if (v.includes(s)) out.push(fe.invalid(`${path}.path`, v, `must not contain '${s}'`));
      for (const s of ["/..", "/."])
        if (v.endsWith(s)) out.push(fe.invalid(`${path}.path`, v, `cannot end with '${s}'`));
    }
  } else if (type === "ImplementationSpecific") {
    if (v && !v.startsWith("/")) out.push(fe.invalid(`${path}.path`, v, "must be an absolute path"));
  } else out.push(fe.notSupported(`${path}.pathType`, type, ["Exact", "ImplementationSpecific", "Prefix"]));
  out.push(...validateBackend(obj(p, "backend"), `${path}.backend`));
}

export function validateIngress(o: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  const rules = objs(spec, "rules");
  if (rules.length === 0 && !isObject(spec.defaultBackend))
    out.push(
      fe.invalid(
        "spec",
        new GoValue("[]networking.IngressRule(nil)"),
        "either `defaultBackend` or `rules` must be specified",
      ),
    );
  if (isObject(spec.defaultBackend)) out.push(...validateBackend(spec.defaultBackend, "spec.defaultBackend"));
  rules.forEach((r, i) => {
    validateHost(str(r, "host"), `spec.rules[${i}].host`, out);
    const http = optObj(r, "http");
    if (!http) return;
    const paths = objs(http, "paths");
    if (paths.length === 0) out.push(fe.required(`spec.rules[${i}].http.paths`));
    paths.forEach((p, j) => validatePath(p, `spec.rules[${i}].http.paths[${j}]`, out));
  });
  objs(spec, "tls").forEach((t, i) => {
    strs(t, "hosts").forEach((h, j) => {
      const msgs = h.includes("*") ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h);
      for (const m of msgs) out.push(fe.invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    });
    const secret = str(t, "secretName");
    if (secret)
      for (const m of isDNS1123Subdomain(secret))
        out.push(fe.invalid(`spec.tls[${i}].secretName`, secret, m));
  });
  const cls = optStr(spec, "ingressClassName");
  if (cls !== undefined)
    for (const m of isDNS1123Subdomain(cls)) out.push(fe.invalid("spec.ingressClassName", cls, m));
  const ann = strMap(metaOf(o), "annotations")["kubernetes.io/ingress.class"];
  if (ann !== undefined && cls !== undefined && ann !== cls)
    out.push(
      fe.invalid(
        "annotations.kubernetes.io/ingress.class",
        ann,
        "must match `ingressClassName` when both are specified",
      ),
    );
  return out;
}

export const ingressRules: KindRules = {
  generation: true,
  prepareForCreate(o) {
    o.status = { loadBalancer: {} };
  },
  validate: validateIngress,
};

const HTTP_PATH = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

function validateIngressClass(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), false, nameIsDNSSubdomain);
  const c = str(obj(o, "spec"), "controller");
  if (c.length > 250) out.push(fe.tooLong("spec.controller", c, 250));
  if (!c) out.push(fe.required("spec.controller"));
  else {
    const seg = c.split(/\/(.*)/s, 2);
    if (seg.length !== 2 || !seg[0] || !seg[1])
      out.push(fe.invalid("spec.controller", c, 'must be a domain-prefixed path (such as "acme.io/foo")'));
    else {
      for (const m of isDNS1123Subdomain(seg[0])) out.push(fe.invalid("spec.controller", seg[0], m));
      if (!new RegExp(`^${HTTP_PATH}$`).test(seg[1]))
        out.push(fe.invalid("spec.controller", seg[1], regexError("Invalid path", HTTP_PATH)));
    }
  }
  return out;
}

export const ingressClassRules: KindRules = {
  generation: true,
  defaults(o) {
    const params = optObj(obj(o, "spec"), "parameters");
    if (params && !has(params, "scope")) params.scope = "Cluster";
  },
  validate: validateIngressClass,
  validateUpdate(o, old) {
    const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
    const c = str(obj(o, "spec"), "controller");
    if (c !== str(obj(old, "spec"), "controller"))
      out.push(fe.invalid("spec.controller", c, "field is immutable"));
    return [...out, ...validateIngressClass(o)];
  },
};
