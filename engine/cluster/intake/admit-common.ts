/** Shared admission pieces: object metadata, label selectors, pod templates. */
import type { Fields, Raw } from "./fields.js";
import { isMap } from "./fields.js";
import {
  dns1035LabelError,
  dns1123LabelError,
  dns1123SubdomainError,
  labelKeyError,
  labelValueError,
} from "./names.js";
import type { Container, LabelSelector, Labels, Pod, PodDnsConfig, PodTemplate, Protocol } from "../model.js";
import { canonicalIp } from "../../net/index.js";

export const PROTOCOLS: Protocol[] = ["TCP", "UDP", "SCTP"];

export function goStrings(v: string[]): string {
  return `[]string{${v.map((s) => JSON.stringify(s)).join(", ")}}`;
}

export function validateLabels(f: Fields, labels: Labels, path: string): void {
  for (const [k, v] of Object.entries(labels)) {
    const ke = labelKeyError(k);
    if (ke) f.ctx.invalid(path, k, ke);
    const ve = labelValueError(v);
    if (ve) f.ctx.invalid(`${path}.${k}`, v, ve);
  }
}

/** metav1.LabelSelector with ValidateLabelSelector's rules. */
export function readLabelSelector(f: Fields, v: unknown, path: string): LabelSelector {
  const m = f.map(v, path);
  const matchLabels = f.strings(m.matchLabels, `${path}.matchLabels`);
  validateLabels(f, matchLabels, `${path}.matchLabels`);
  const matchExpressions = f.list(m.matchExpressions, `${path}.matchExpressions`).map((e, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const r = f.map(e, p);
    const key = f.str(r.key, `${p}.key`) ?? "";
    const ke = labelKeyError(key);
    if (ke) f.ctx.invalid(`${p}.key`, key, ke);
    const operator = f.str(r.operator, `${p}.operator`) ?? "";
    const values = f.list(r.values, `${p}.values`).map((x, j) => f.str(x, `${p}.values[${j}]`) ?? "");
    if (operator === "In" || operator === "NotIn") {
      if (values.length === 0)
        f.ctx.required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'");
    } else if (operator === "Exists" || operator === "DoesNotExist") {
      if (values.length > 0)
        f.ctx.fail(
          `${p}.values`,
          "Forbidden",
          undefined,
          "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        );
    } else {
      f.ctx.invalid(`${p}.operator`, operator, "not a valid selector operator");
    }
    return { key, operator: operator as LabelSelector["matchExpressions"][number]["operator"], values };
  });
  return { matchLabels, matchExpressions };
}

/** IsValidPortName (IANA_SVC_NAME): ≤15 chars, [a-z0-9-], a letter, no `--`, no edge hyphen. */
export function portNameError(name: string): string | undefined {
  if (name.length > 15) return "must be no more than 15 characters";
  if (!/^[-a-z0-9]+$/.test(name))
    return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
  if (!/[a-z]/.test(name)) return "must contain at least one letter (a-z)";
  if (name.includes("--")) return "must not contain consecutive hyphens";
  if (name.startsWith("-") || name.endsWith("-")) return "must not begin or end with a hyphen";
  return undefined;
}

export function validPort(f: Fields, v: number, path: string): void {
  if (v < 1 || v > 65535) f.ctx.invalid(path, v, "must be between 1 and 65535, inclusive");
}

export function readProtocol(f: Fields, v: unknown, path: string): Protocol {
  const p = f.str(v, path) ?? "TCP";
  if (!PROTOCOLS.includes(p as Protocol))
    f.ctx.fail(path, "Unsupported value", p, 'supported values: "SCTP", "TCP", "UDP"');
  return p as Protocol;
}

function readContainers(f: Fields, v: unknown, path: string): Container[] {
  return f.list(v, path).map((c, i) => {
    const p = `${path}[${i}]`;
    const m = f.map(c, p);
    const name = f.str(m.name, `${p}.name`);
    if (!name) f.ctx.required(`${p}.name`);
    const e = dns1123LabelError(name);
    if (e) f.ctx.invalid(`${p}.name`, name, e);
    const ports = f.list(m.ports, `${p}.ports`).map((x, j) => {
      const pp = `${p}.ports[${j}]`;
      const pm = f.map(x, pp);
      const containerPort = f.int(pm.containerPort, `${pp}.containerPort`);
      if (containerPort === undefined) f.ctx.required(`${pp}.containerPort`);
      validPort(f, containerPort, `${pp}.containerPort`);
      const pname = f.str(pm.name, `${pp}.name`);
      if (pname !== undefined) {
        const ne = portNameError(pname);
        if (ne) f.ctx.invalid(`${pp}.name`, pname, ne);
      }
      return {
        name: pname,
        containerPort,
        protocol: readProtocol(f, pm.protocol, `${pp}.protocol`),
        hostPort: f.int(pm.hostPort, `${pp}.hostPort`),
      };
    });
    return { name, image: f.str(m.image, `${p}.image`) ?? "", ports, readinessProbe: m.readinessProbe };
  });
}

const DNS_POLICIES = ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"] as const;

/** core/v1 PodSpec with defaults (dnsPolicy ClusterFirst) and validateDNSPolicy/validatePodDNSConfig. */
export function readPodSpec(f: Fields, v: unknown, path: string): Pod["spec"] {
  const m = f.map(v, path);
  const containers = readContainers(f, m.containers, `${path}.containers`);
  if (containers.length === 0) f.ctx.required(`${path}.containers`);
  const hostname = f.str(m.hostname, `${path}.hostname`);
  if (hostname) {
    const e = dns1123LabelError(hostname);
    if (e) f.ctx.invalid(`${path}.hostname`, hostname, e);
  }
  const subdomain = f.str(m.subdomain, `${path}.subdomain`);
  if (subdomain) {
    const e = dns1123LabelError(subdomain);
    if (e) f.ctx.invalid(`${path}.subdomain`, subdomain, e);
  }
  const dnsPolicy = f.str(m.dnsPolicy, `${path}.dnsPolicy`) ?? "ClusterFirst";
  if (!(DNS_POLICIES as readonly string[]).includes(dnsPolicy))
    f.ctx.fail(
      `${path}.dnsPolicy`,
      "Unsupported value",
      dnsPolicy,
      'supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    );
  const dnsConfig = readDnsConfig(f, m.dnsConfig, `${path}.dnsConfig`);
  if (dnsPolicy === "None") {
    if (!dnsConfig) f.ctx.required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None");
    if (dnsConfig.nameservers.length === 0)
      f.ctx.required(
        `${path}.dnsConfig.nameservers`,
        "must provide at least one DNS nameserver when `dnsPolicy` is None",
      );
  }
  const hostAliases = f.list(m.hostAliases, `${path}.hostAliases`).map((h, i) => {
    const hm = f.map(h, `${path}.hostAliases[${i}]`);
    const ip = f.str(hm.ip, `${path}.hostAliases[${i}].ip`) ?? "";
    if (canonicalIp(ip) === undefined)
      f.ctx.invalid(`${path}.hostAliases[${i}].ip`, ip, "must be a valid IP address");
    return {
      ip,
      hostnames: f
        .list(hm.hostnames, `${path}.hostAliases[${i}].hostnames`)
        .map((x, j) => f.str(x, `${path}.hostAliases[${i}].hostnames[${j}]`) ?? ""),
    };
  });
  return {
    nodeName: f.str(m.nodeName, `${path}.nodeName`),
    hostname,
    subdomain,
    hostNetwork: f.bool(m.hostNetwork, `${path}.hostNetwork`) ?? false,
    dnsPolicy: dnsPolicy as Pod["spec"]["dnsPolicy"],
    dnsConfig,
    hostAliases,
    setHostnameAsFQDN: f.bool(m.setHostnameAsFQDN, `${path}.setHostnameAsFQDN`) ?? false,
    containers,
    nodeSelector: f.strings(m.nodeSelector, `${path}.nodeSelector`),
    tolerations: f.list(m.tolerations, `${path}.tolerations`),
  };
}

function readDnsConfig(f: Fields, v: unknown, path: string): PodDnsConfig | undefined {
  if (v === undefined || v === null) return undefined;
  const m = f.map(v, path);
  const nameservers = f
    .list(m.nameservers, `${path}.nameservers`)
    .map((x, i) => f.str(x, `${path}.nameservers[${i}]`) ?? "");
  // validation.go validatePodDNSConfig: MaxDNSNameservers 3, MaxDNSSearchPaths 32, MaxDNSSearchListChars 2048.
  if (nameservers.length > 3)
    f.ctx.invalid(`${path}.nameservers`, nameservers, "must not have more than 3 nameservers");
  nameservers.forEach((ns, i) => {
    if (canonicalIp(ns) === undefined)
      f.ctx.invalid(`${path}.nameservers[${i}]`, ns, "must be a valid IP address");
  });
  const searches = f
    .list(m.searches, `${path}.searches`)
    .map((x, i) => f.str(x, `${path}.searches[${i}]`) ?? "");
  if (searches.length > 32)
    f.ctx.invalid(`${path}.searches`, searches, "must not have more than 32 search paths");
  if (searches.join(" ").length > 2048)
    f.ctx.invalid(
      `${path}.searches`,
      searches,
      "must not have more than 2048 characters (including spaces) in the search list",
    );
  searches.forEach((s, i) => {
    // RelaxedDNSSearchValidation (GA 1.34): `_` allowed and a single `.` accepted.
    if (s === ".") return;
    if (
      !/^[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]*[a-z0-9_])?)*\.?$/.test(s) ||
      s.length > 253
    )
      f.ctx.invalid(`${path}.searches[${i}]`, s, "must be a valid DNS subdomain (underscores allowed)");
  });
  const options = f.list(m.options, `${path}.options`).map((o, i) => {
    const om = f.map(o, `${path}.options[${i}]`);
    const name = f.str(om.name, `${path}.options[${i}].name`);
    if (!name) f.ctx.required(`${path}.options[${i}].name`, "Option.Name must not be empty");
    const value = f.str(om.value, `${path}.options[${i}].value`);
    return value === undefined ? { name } : { name, value };
  });
  return { nameservers, searches, options };
}

export function readPodTemplate(f: Fields, v: unknown, path: string): PodTemplate {
  const m = f.map(v, path);
  const meta = f.map(m.metadata, `${path}.metadata`);
  const labels = f.strings(meta.labels, `${path}.metadata.labels`);
  validateLabels(f, labels, `${path}.metadata.labels`);
  return {
    metadata: { labels, annotations: f.strings(meta.annotations, `${path}.metadata.annotations`) },
    spec: readPodSpec(f, m.spec, `${path}.spec`),
  };
}

export function validateObjectName(f: Fields, name: string, kind: string): void {
  const e =
    kind === "Service"
      ? dnsLabelForService(name)
      : kind === "Namespace"
        ? dns1123LabelError(name)
        : dns1123SubdomainError(name);
  if (e) f.ctx.invalid("metadata.name", name, e);
}

/**
 * Services: DNS-1035 label (ValidateServiceName). RelaxedServiceNameValidation (alpha in 1.34, off by
 * default) would accept a leading digit; the reference engine follows the default.
 */
function dnsLabelForService(name: string): string | undefined {
  return dns1035LabelError(name);
}

export function rawMeta(raw: Raw): Raw {
  return isMap(raw.metadata) ? raw.metadata : {};
}
