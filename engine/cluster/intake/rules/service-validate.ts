/**
 * Service validation, function by function as pkg/apis/core/validation/validation.go has it:
 * ValidateService (ports, selector, session affinity, cluster IP fields, externalIPs, type,
 * node ports, source ranges, load-balancer fields, traffic policies), validateServicePort,
 * ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate and its upgrade/downgrade checks.
 */
import { fe, goStrings, GoValue, goQuote, type FieldError } from "../field-errors.js";
import {
  has,
  num,
  obj,
  objs,
  optBool,
  optNum,
  optObj,
  optStr,
  str,
  strMap,
  strs,
  type JsonObject,
} from "../json.js";
import { CIDR_MSG, IP_MSG, parseCidrSloppy, parseIpSloppy } from "../validate/ip.js";
import { metaOf, nameIsDNS1035Label, validateLabels, validateObjectMeta } from "../validate/meta.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from "../validate/names.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const isHeadless = (spec: JsonObject) =>
  strs(spec, "clusterIPs").length === 1 && strs(spec, "clusterIPs")[0] === "None";
const externallyAccessible = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" ||
  str(spec, "type") === "NodePort" ||
  (str(spec, "type") === "ClusterIP" && strs(spec, "externalIPs").length > 0);
const needsHealthCheck = (spec: JsonObject) =>
  str(spec, "type") === "LoadBalancer" && str(spec, "externalTrafficPolicy") === "Local";

export function dns1123Label(v: string, path: string): FieldError[] {
  return isDNS1123Label(v).map((m) => fe.invalid(path, v, m));
}

export function qualifiedName(v: string, path: string): FieldError[] {
  return isQualifiedName(v).map((m) => fe.invalid(path, v, m));
}

/** ValidatePortNumOrName on an intstr (JSON number or string; absent reads as the int 0). */
export function portNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isValidPortName(v).map((m) => fe.invalid(path, v, m));
  const n = typeof v === "number" ? v : 0;
  return isValidPortNum(n).map((m) => fe.invalid(path, n, m));
}

function validateServicePort(
  sp: JsonObject,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const out: FieldError[] = [];
  const name = str(sp, "name");
  if (requireName && name === "") out.push(fe.required(`${path}.name`));
  else if (name !== "") {
    out.push(...dns1123Label(name, `${path}.name`));
    if (names.has(name)) out.push(fe.duplicate(`${path}.name`, name));
    else names.add(name);
  }
  for (const m of isValidPortNum(num(sp, "port"))) out.push(fe.invalid(`${path}.port`, num(sp, "port"), m));
  const proto = str(sp, "protocol");
  if (proto === "") out.push(fe.required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(proto)) out.push(fe.notSupported(`${path}.protocol`, proto, PROTOCOLS));
  out.push(...portNumOrName(sp.targetPort, `${path}.targetPort`));
  const app = optStr(sp, "appProtocol");
  if (app !== undefined) out.push(...qualifiedName(app, `${path}.appProtocol`));
  return out;
}

/** %#v of the internal core.ServicePort key the duplicate checks build ({Protocol, Port} only). */
function portKey(protocol: string, port: number): GoValue {
  return new GoValue(
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`,
  );
}

/** ValidateNonSpecialIP. */
export function nonSpecialIp(ip: string, path: string): FieldError[] {
  const p = parseIpSloppy(ip);
  if (!p) return [fe.invalid(path, ip, "must be a valid IP address")];
  const out: FieldError[] = [];
  const v4 = p.family === 4 ? p.v4! : undefined;
  const v6 = p.family === 6 ? p.v6! : undefined;
  if (v4 === 0 || v6 === 0n) out.push(fe.invalid(path, ip, `may not be unspecified (${ip})`));
  if ((v4 !== undefined && v4 >>> 24 === 127) || v6 === 1n)
    out.push(fe.invalid(path, ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if ((v4 !== undefined && v4 >>> 16 === 0xa9fe) || (v6 !== undefined && v6 >> 118n === 0x3fan))
    out.push(fe.invalid(path, ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if ((v4 !== undefined && v4 >>> 8 === 0xe00000) || (v6 !== undefined && v6 >> 112n === 0xff02n))
    out.push(fe.invalid(path, ip, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return out;
}

export function validateServiceClusterIPsRelatedFields(o: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  if (str(spec, "type") === "ExternalName") return [];
  const out: FieldError[] = [];
  const clusterIP = str(spec, "clusterIP");
  const ips = strs(spec, "clusterIPs");
  if (clusterIP !== "") {
    if (ips.length === 0) out.push(fe.required("spec.clusterIPs"));
    else if (ips[0] !== clusterIP)
      out.push(fe.invalid("spec.clusterIPs", goStrings(ips), "first value must match `clusterIP`"));
  } else if (ips.length !== 0)
    out.push(
      fe.invalid("spec.clusterIPs", goStrings(ips), "must be empty when `clusterIP` is not specified"),
    );
  const seen = new Set<string>();
  strs(spec, "ipFamilies").forEach((f, i) => {
    if (f !== "IPv4" && f !== "IPv6") out.push(fe.notSupported(`spec.ipFamilies[${i}]`, f, ["IPv4", "IPv6"]));
    if (seen.has(f)) out.push(fe.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const policy = optStr(spec, "ipFamilyPolicy");
  if (policy !== undefined && !["PreferDualStack", "RequireDualStack", "SingleStack"].includes(policy))
    out.push(
      fe.notSupported("spec.ipFamilyPolicy", policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]),
    );
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        bad = true;
        out.push(fe.invalid("spec.clusterIPs", goStrings(ips), "'None' must be the first and only value"));
      }
      return;
    }
    if (!parseIpSloppy(ip)) {
      bad = true;
      out.push(fe.invalid(`spec.clusterIPs[${i}]`, ip, IP_MSG));
    }
  });
  if (ips.length > 2) out.push(fe.invalid("spec.clusterIPs", goStrings(ips), "may only hold up to 2 values"));
  if (bad) return out;
  if (ips.length > 1) {
    const fams = ips.map((ip) => parseIpSloppy(ip)!.family);
    if (!(ips.length === 2 && fams[0] !== fams[1]))
      out.push(
        fe.invalid("spec.clusterIPs", goStrings(ips), "may specify no more than one IP for each IP family"),
      );
  }
  const families = strs(spec, "ipFamilies");
  if (!isHeadless(spec) && ips.length > 0 && families.length > 0)
    ips.forEach((ip, i) => {
      if (i > families.length - 1) return;
      const v6 = parseIpSloppy(ip)?.family === 6;
      if (families[i] === "IPv4" && v6)
        out.push(
          fe.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      if (families[i] === "IPv6" && !v6)
        out.push(
          fe.invalid(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
    });
  return out;
}

function validateTypeSpecific(spec: JsonObject, out: FieldError[]): void {
  const type = str(spec, "type");
  if (type === "LoadBalancer") {
    objs(spec, "ports").forEach((p, i) => {
      if (num(p, "port") === 10250)
        out.push(
          fe.invalid(
            `spec.ports[${i}]`,
            10250,
            "may not expose port 10250 externally since it is used by kubelet",
          ),
        );
    });
    if (isHeadless(spec))
      out.push(
        fe.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for LoadBalancer services"),
      );
  } else if (type === "NodePort") {
    if (isHeadless(spec))
      out.push(fe.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services"));
  } else if (type === "ExternalName") {
    if (strs(spec, "clusterIPs").length > 0)
      out.push(fe.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (strs(spec, "ipFamilies").length > 0)
      out.push(fe.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (has(spec, "ipFamilyPolicy"))
      out.push(fe.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    const cname = str(spec, "externalName").replace(/\.$/, "");
    if (cname.length > 0)
      for (const m of isDNS1123Subdomain(cname)) out.push(fe.invalid("spec.externalName", cname, m));
    else out.push(fe.required("spec.externalName"));
  }
}

function validateAffinity(spec: JsonObject, out: FieldError[]): void {
  const affinity = str(spec, "sessionAffinity");
  if (affinity === "") out.push(fe.required("spec.sessionAffinity"));
  else if (affinity !== "ClientIP" && affinity !== "None")
    out.push(fe.notSupported("spec.sessionAffinity", affinity, ["ClientIP", "None"]));
  const config = optObj(spec, "sessionAffinityConfig");
  if (affinity === "ClientIP") {
    const why = "when session affinity type is ClientIP";
    const clientIP = config ? optObj(config, "clientIP") : undefined;
    const timeout = clientIP ? optNum(clientIP, "timeoutSeconds") : undefined;
    if (!config) out.push(fe.required("spec.sessionAffinityConfig", why));
    else if (!clientIP) out.push(fe.required("spec.sessionAffinityConfig.clientIP", why));
    else if (timeout === undefined)
      out.push(fe.required("spec.sessionAffinityConfig.clientIP.timeoutSeconds", why));
    else if (timeout <= 0 || timeout > 86400)
      out.push(
        fe.invalid(
          "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
          timeout,
          "must be greater than 0 and less than 86400",
        ),
      );
  } else if (affinity === "None" && config)
    out.push(fe.forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
}

function validateNodePortFields(spec: JsonObject, out: FieldError[]): void {
  const type = str(spec, "type");
  const ports = objs(spec, "ports");
  if (type === "") out.push(fe.required("spec.type"));
  else if (!["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"].includes(type))
    out.push(fe.notSupported("spec.type", type, ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]));
  if (type === "ClusterIP")
    ports.forEach((p, i) => {
      if (num(p, "nodePort") !== 0)
        out.push(fe.forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (num(p, "nodePort") === 0) return;
    const key = `${str(p, "protocol")}/${num(p, "nodePort")}`;
    if (nodePorts.has(key)) out.push(fe.duplicate(`spec.ports[${i}].nodePort`, num(p, "nodePort")));
    nodePorts.add(key);
  });
  const seen = new Set<string>();
  ports.forEach((p, i) => {
    const key = `${str(p, "protocol")}/${num(p, "port")}`;
    if (seen.has(key))
      out.push(fe.duplicate(`spec.ports[${i}]`, portKey(str(p, "protocol"), num(p, "port"))));
    seen.add(key);
  });
}

function validateLoadBalancerFields(o: JsonObject, spec: JsonObject, out: FieldError[]): void {
  const type = str(spec, "type");
  const ranges = strs(spec, "loadBalancerSourceRanges");
  const annotation = strMap(metaOf(o), "annotations")[
    "service.beta.kubernetes.io/load-balancer-source-ranges"
  ];
  if (ranges.length > 0) {
    if (type !== "LoadBalancer")
      out.push(
        fe.forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"),
      );
    ranges.forEach((r, i) => {
      const v = r.trim();
      if (!parseCidrSloppy(v)) out.push(fe.invalid(`spec.LoadBalancerSourceRanges[${i}]`, v, CIDR_MSG));
    });
  } else if (annotation !== undefined) {
    const path = "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]";
    if (type !== "LoadBalancer")
      out.push(fe.forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    const v = annotation.trim();
    if (v !== "")
      for (const c of v.split(","))
        if (!parseCidrSloppy(c.trim())) out.push(fe.invalid(path, c.trim(), CIDR_MSG));
  }
  if (has(spec, "allocateLoadBalancerNodePorts") && type !== "LoadBalancer")
    out.push(
      fe.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"),
    );
  if (type === "LoadBalancer" && optBool(spec, "allocateLoadBalancerNodePorts") === undefined)
    out.push(fe.required("allocateLoadBalancerNodePorts"));
  const lbClass = optStr(spec, "loadBalancerClass");
  if (type === "LoadBalancer") {
    if (lbClass !== undefined) out.push(...qualifiedName(lbClass, "spec.loadBalancerClass"));
  } else if (lbClass !== undefined)
    out.push(fe.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
}

function validateTrafficPolicies(spec: JsonObject, out: FieldError[]): void {
  const etp = str(spec, "externalTrafficPolicy");
  if (!externallyAccessible(spec)) {
    if (etp !== "")
      out.push(
        fe.invalid("spec.externalTrafficPolicy", etp, "may only be set for externally-accessible services"),
      );
  } else if (etp === "") out.push(fe.required("spec.externalTrafficPolicy"));
  else if (etp !== "Cluster" && etp !== "Local")
    out.push(fe.notSupported("spec.externalTrafficPolicy", etp, ["Cluster", "Local"]));
  const hc = num(spec, "healthCheckNodePort");
  if (!needsHealthCheck(spec)) {
    if (hc !== 0)
      out.push(
        fe.invalid(
          "spec.healthCheckNodePort",
          hc,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
  } else if (hc === 0) out.push(fe.required("spec.healthCheckNodePort"));
  else for (const m of isValidPortNum(hc)) out.push(fe.invalid("spec.healthCheckNodePort", hc, m));
  const itp = optStr(spec, "internalTrafficPolicy");
  if (itp === undefined && ["NodePort", "LoadBalancer", "ClusterIP"].includes(str(spec, "type")))
    out.push(fe.required("spec.internalTrafficPolicy"));
  if (itp !== undefined && itp !== "Cluster" && itp !== "Local")
    out.push(fe.notSupported("spec.internalTrafficPolicy", itp, ["Cluster", "Local"]));
  const td = optStr(spec, "trafficDistribution");
  if (td !== undefined && td !== "PreferClose")
    out.push(fe.notSupported("spec.trafficDistribution", td, ["PreferClose"]));
}

/** ValidateService. */
export function validateService(o: JsonObject): FieldError[] {
  const spec = obj(o, "spec");
  const meta = metaOf(o);
  const out = validateObjectMeta(meta, true, nameIsDNS1035Label);
  const ann = strMap(meta, "annotations");
  const hints = ann["service.kubernetes.io/topology-aware-hints"];
  const mode = ann["service.kubernetes.io/topology-mode"];
  if (hints !== undefined && mode !== undefined && hints !== mode)
    out.push(
      fe.invalid(
        "metadata.annotations[service.kubernetes.io/topology-mode]",
        mode,
        "must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified",
      ),
    );
  const ports = objs(spec, "ports");
  if (ports.length === 0 && !isHeadless(spec) && str(spec, "type") !== "ExternalName")
    out.push(fe.required("spec.ports"));
  validateTypeSpecific(spec, out);
  const names = new Set<string>();
  ports.forEach((p, i) => out.push(...validateServicePort(p, ports.length > 1, names, `spec.ports[${i}]`)));
  if (has(spec, "selector")) out.push(...validateLabels(strMap(spec, "selector"), "spec.selector"));
  validateAffinity(spec, out);
  out.push(...validateServiceClusterIPsRelatedFields(o));
  strs(spec, "externalIPs").forEach((ip, i) => {
    if (!parseIpSloppy(ip)) out.push(fe.invalid(`spec.externalIPs[${i}]`, ip, IP_MSG));
    else out.push(...nonSpecialIp(ip, `spec.externalIPs[${i}]`));
  });
  validateNodePortFields(spec, out);
  validateLoadBalancerFields(o, spec, out);
  validateTrafficPolicies(spec, out);
  return out;
}
