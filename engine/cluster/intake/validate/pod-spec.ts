/**
 * PodSpec validation as pkg/apis/core/validation/validation.go ValidatePodSpec runs it, for pods and
 * pod templates: containers (validateContainers, validateContainerCommon, validateContainerPorts,
 * probes, pull policy, env names, host-port conflicts), volumes (names), host-network dependencies,
 * restart and DNS policies, node selector, security context ids, dnsConfig (validatePodDNSConfig),
 * service account and node names, hostname/subdomain, tolerations, host aliases, priority.
 * Volume sources, resources and affinity are checked only for what manifests commonly get wrong.
 */
import { fe, goStrings, type FieldError } from "../field-errors.js";
import {
  arr,
  has,
  num,
  obj,
  objs,
  optNum,
  optObj,
  optStr,
  str,
  strMap,
  strs,
  type JsonObject,
} from "../json.js";
import type { KubeVersion } from "../version.js";
import { gateOn } from "../version.js";
import { IP_MSG, parseIpSloppy } from "./ip.js";
import { validateResourceRequirements } from "./resources.js";
import { validateLabelName, validateLabels } from "./meta.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  regexError,
} from "./names.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const label = (v: string, path: string) => isDNS1123Label(v).map((m) => fe.invalid(path, v, m));
const subdomain = (v: string, path: string) => isDNS1123Subdomain(v).map((m) => fe.invalid(path, v, m));

export interface PodSpecOptions {
  /** The spec belongs to a Pod (not a template): host ports must equal container ports. */
  resourceIsPod: boolean;
  version: KubeVersion;
}

function portNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === "string") return isValidPortName(v).map((m) => fe.invalid(path, v, m));
  const n = typeof v === "number" ? v : 0;
  return isValidPortNum(n).map((m) => fe.invalid(path, n, m));
}

function validateContainerPorts(ports: JsonObject[], path: string): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const ip = `${path}[${i}]`;
    const name = str(p, "name");
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) out.push(fe.invalid(`${ip}.name`, name, m));
      else if (names.has(name)) out.push(fe.duplicate(`${ip}.name`, name));
      else names.add(name);
    }
    const cp = num(p, "containerPort");
    if (cp === 0) out.push(fe.required(`${ip}.containerPort`));
    else for (const m of isValidPortNum(cp)) out.push(fe.invalid(`${ip}.containerPort`, cp, m));
    const hp = num(p, "hostPort");
    if (hp !== 0) for (const m of isValidPortNum(hp)) out.push(fe.invalid(`${ip}.hostPort`, hp, m));
    const proto = str(p, "protocol");
    if (!proto) out.push(fe.required(`${ip}.protocol`));
    else if (!PROTOCOLS.includes(proto)) out.push(fe.notSupported(`${ip}.protocol`, proto, PROTOCOLS));
  });
  return out;
}

function validateProbe(probe: JsonObject | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const out: FieldError[] = [];
  let handlers = 0;
  for (const k of ["exec", "httpGet", "tcpSocket", "grpc"]) {
    const h = optObj(probe, k);
    if (!h) continue;
    if (handlers > 0) {
      out.push(fe.forbidden(`${path}.${k}`, "may not specify more than 1 handler type"));
      continue;
    }
    handlers++;
    if (k === "exec" && strs(h, "command").length === 0) out.push(fe.required(`${path}.exec.command`));
    if (k === "httpGet") {
      if (!str(h, "path")) out.push(fe.required(`${path}.httpGet.path`));
      out.push(...portNumOrName(h.port, `${path}.httpGet.port`));
      if (!["HTTP", "HTTPS"].includes(str(h, "scheme")))
        out.push(fe.notSupported(`${path}.httpGet.scheme`, str(h, "scheme"), ["HTTP", "HTTPS"]));
    }
    if (k === "tcpSocket") out.push(...portNumOrName(h.port, `${path}.tcpSocket.port`));
    if (k === "grpc")
      for (const m of isValidPortNum(num(h, "port")))
        out.push(fe.invalid(`${path}.grpc.port`, num(h, "port"), m));
  }
  if (handlers === 0) out.push(fe.required(path, "must specify a handler type"));
  for (const k of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ])
    if (num(probe, k) < 0)
      out.push(fe.invalid(`${path}.${k}`, num(probe, k), "must be greater than or equal to 0"));
  return out;
}

const ENV_NAME = "[-._a-zA-Z][-._a-zA-Z0-9]*";

function validateContainerCommon(c: JsonObject, volumes: Set<string>, path: string): FieldError[] {
  const out: FieldError[] = [];
  const name = str(c, "name");
  if (!name) out.push(fe.required(`${path}.name`));
  else out.push(...label(name, `${path}.name`));
  if (!str(c, "image")) out.push(fe.required(`${path}.image`));
  const tmp = str(c, "terminationMessagePolicy");
  if (!tmp) out.push(fe.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError")
    out.push(fe.notSupported(`${path}.terminationMessagePolicy`, tmp, ["File", "FallbackToLogsOnError"]));
  out.push(...validateContainerPorts(objs(c, "ports"), `${path}.ports`));
  objs(c, "env").forEach((e, i) => {
    const n = str(e, "name");
    if (!n) out.push(fe.required(`${path}.env[${i}].name`));
    else if (!new RegExp(`^${ENV_NAME}$`).test(n))
      out.push(
        fe.invalid(
          `${path}.env[${i}].name`,
          n,
          regexError(
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
            ENV_NAME,
            "my.env-name",
            "MY_ENV.NAME",
            "MyEnvName1",
          ),
        ),
      );
  });
  objs(c, "volumeMounts").forEach((m, i) => {
    const n = str(m, "name");
    if (!n) out.push(fe.required(`${path}.volumeMounts[${i}].name`));
    else if (!volumes.has(n)) out.push(fe.notFound(`${path}.volumeMounts[${i}].name`, n));
    if (!str(m, "mountPath")) out.push(fe.required(`${path}.volumeMounts[${i}].mountPath`));
  });
  const policy = str(c, "imagePullPolicy");
  if (!policy) out.push(fe.required(`${path}.imagePullPolicy`));
  else if (!["Always", "IfNotPresent", "Never"].includes(policy))
    out.push(fe.notSupported(`${path}.imagePullPolicy`, policy, ["Always", "IfNotPresent", "Never"]));
  out.push(...validateResourceRequirements(obj(c, "resources"), `${path}.resources`));
  return out;
}

function validateContainers(containers: JsonObject[], volumes: Set<string>, path: string): FieldError[] {
  if (containers.length === 0) return [fe.required(path)];
  const out: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}[${i}]`;
    out.push(...validateContainerCommon(c, volumes, p));
    const name = str(c, "name");
    if (names.has(name)) out.push(fe.duplicate(`${p}.name`, name));
    else names.add(name);
    for (const k of ["livenessProbe", "readinessProbe", "startupProbe"]) {
      const probe = optObj(c, k);
      out.push(...validateProbe(probe, `${p}.${k}`));
      // validateLivenessProbe, validateStartupProbe: successThreshold must be 1.
      if (probe && k !== "readinessProbe" && num(probe, "successThreshold") !== 1)
        out.push(fe.invalid(`${p}.${k}.successThreshold`, num(probe, "successThreshold"), "must be 1"));
    }
    if (has(c, "restartPolicy"))
      out.push(fe.forbidden(`${p}.restartPolicy`, "may not be set for non-init containers"));
  });
  const hostPorts = new Set<string>();
  containers.forEach((c, ci) =>
    objs(c, "ports").forEach((port, pi) => {
      const hp = num(port, "hostPort");
      if (hp === 0) return;
      const key = `${str(port, "protocol")}/${str(port, "hostIP")}/${hp}`;
      if (hostPorts.has(key)) out.push(fe.duplicate(`${path}[${ci}].ports[${pi}].hostPort`, key));
      else hostPorts.add(key);
    }),
  );
  return out;
}

function validateVolumes(volumes: JsonObject[], path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  volumes.forEach((v, i) => {
    const name = str(v, "name");
    if (!name) errors.push(fe.required(`${path}[${i}].name`));
    else {
      errors.push(...label(name, `${path}[${i}].name`));
      if (names.has(name)) errors.push(fe.duplicate(`${path}[${i}].name`, name));
      names.add(name);
    }
  });
  return { names, errors };
}

function validateDnsConfig(spec: JsonObject, path: string, version: KubeVersion): FieldError[] {
  const dnsConfig = optObj(spec, "dnsConfig");
  if (str(spec, "dnsPolicy") === "None") {
    if (!dnsConfig) return [fe.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if (strs(dnsConfig, "nameservers").length === 0)
      return [
        fe.required(
          `${path}.nameservers`,
          "must provide at least one DNS nameserver when `dnsPolicy` is None",
        ),
      ];
  }
  if (!dnsConfig) return [];
  const out: FieldError[] = [];
  const ns = strs(dnsConfig, "nameservers");
  if (ns.length > 3)
    out.push(fe.invalid(`${path}.nameservers`, goStrings(ns), "must not have more than 3 nameservers"));
  ns.forEach((n, i) => {
    if (!parseIpSloppy(n)) out.push(fe.invalid(`${path}.nameservers[${i}]`, n, IP_MSG));
  });
  const searches = strs(dnsConfig, "searches");
  if (searches.length > 32)
    out.push(fe.invalid(`${path}.searches`, goStrings(searches), "must not have more than 32 search paths"));
  if (searches.join(" ").length > 2048)
    out.push(
      fe.invalid(
        `${path}.searches`,
        goStrings(searches),
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  searches.forEach((s, i) => out.push(...validateSearch(s, `${path}.searches[${i}]`, version)));
  objs(dnsConfig, "options").forEach((o, i) => {
    if (!str(o, "name")) out.push(fe.required(`${path}.options[${i}]`, "must not be empty"));
  });
  return out;
}

/**
 * A search domain: a DNS-1123 subdomain, a trailing dot allowed (1.31). From 1.33
 * (RelaxedDNSSearchValidation on by default) `_` is allowed in labels and a lone `.` is accepted.
 */
function validateSearch(search: string, path: string, version: KubeVersion): FieldError[] {
  if (!gateOn(version, "RelaxedDNSSearchValidation")) return subdomain(search.replace(/\.$/, ""), path);
  if (search === ".") return [];
  const s = search.replace(/\.$/, "");
  const re = "[_a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\.[_a-z0-9]([-_a-z0-9]*[a-z0-9])?)*";
  const errs: string[] = [];
  if (s.length > 253) errs.push("must be no more than 253 characters");
  if (!new RegExp(`^${re}$`).test(s))
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        re,
        "example.com",
      ),
    );
  return errs.map((m) => fe.invalid(path, s, m));
}

function validateTolerations(tolerations: JsonObject[], path: string): FieldError[] {
  const out: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const p = `${path}[${i}]`;
    const key = str(t, "key");
    const op = str(t, "operator");
    if (key) out.push(...validateLabelName(key, `${p}.key`));
    if (!key && op !== "Exists")
      out.push(
        fe.invalid(
          `${p}.operator`,
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (has(t, "tolerationSeconds") && str(t, "effect") !== "NoExecute")
      out.push(
        fe.invalid(
          `${p}.effect`,
          str(t, "effect"),
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    if (op === "Equal" || op === "") {
      const errs = isValidLabelValue(str(t, "value"));
      if (errs.length) out.push(fe.invalid(`${p}.operator`, str(t, "value"), errs.join(";")));
    } else if (op !== "Exists") out.push(fe.notSupported(`${p}.operator`, op, ["Equal", "Exists"]));
    const effect = str(t, "effect");
    if (effect && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect))
      out.push(fe.notSupported(`${p}.effect`, effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
  });
  return out;
}

function validateSecurityIds(spec: JsonObject, path: string): FieldError[] {
  const sc = optObj(spec, "securityContext");
  if (!sc) return [];
  const out: FieldError[] = [];
  const range = (k: string) => {
    const v = optNum(sc, k);
    if (v !== undefined && (v < 0 || v > 2147483647))
      out.push(fe.invalid(`${path}.${k}`, v, "must be between 0 and 2147483647, inclusive"));
  };
  range("fsGroup");
  range("runAsUser");
  range("runAsGroup");
  return out;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: JsonObject, path: string, opts: PodSpecOptions): FieldError[] {
  const out: FieldError[] = [];
  if (!has(spec, "terminationGracePeriodSeconds"))
    out.push(fe.required(`${path}.terminationGracePeriodSeconds`));
  const vols = validateVolumes(objs(spec, "volumes"), `${path}.volumes`);
  out.push(...vols.errors);
  out.push(...validateContainers(objs(spec, "containers"), vols.names, `${path}.containers`));
  objs(spec, "initContainers").forEach((c, i) =>
    out.push(...validateContainerCommon(c, vols.names, `${path}.initContainers[${i}]`)),
  );
  if (spec.hostNetwork === true)
    objs(spec, "containers").forEach((c, ci) =>
      objs(c, "ports").forEach((p, pi) => {
        const hp = num(p, "hostPort");
        if ((opts.resourceIsPod || hp !== 0) && hp !== num(p, "containerPort"))
          out.push(
            fe.invalid(
              `${path}.containers[${ci}].ports[${pi}].hostPort`,
              hp,
              "must match `containerPort` when `hostNetwork` is true",
            ),
          );
      }),
    );
  const rp = str(spec, "restartPolicy");
  if (!rp) out.push(fe.required(`${path}.restartPolicy`));
  else if (!["Always", "OnFailure", "Never"].includes(rp))
    out.push(fe.notSupported(`${path}.restartPolicy`, rp, ["Always", "OnFailure", "Never"]));
  const dp = str(spec, "dnsPolicy");
  const policies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
  if (!dp) out.push(fe.required(`${path}.dnsPolicy`));
  else if (!policies.includes(dp)) out.push(fe.notSupported(`${path}.dnsPolicy`, dp, policies));
  out.push(...validateLabels(strMap(spec, "nodeSelector"), `${path}.nodeSelector`));
  out.push(...validateSecurityIds(spec, `${path}.securityContext`));
  objs(spec, "imagePullSecrets").forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== "name"))
      out.push(fe.invalid(`${path}.imagePullSecrets[${i}]`, s, "only name may be set"));
  });
  out.push(...validateDnsConfig(spec, `${path}.dnsConfig`, opts.version));
  const sa = str(spec, "serviceAccountName");
  if (sa) out.push(...subdomain(sa, `${path}.serviceAccountName`));
  const node = str(spec, "nodeName");
  if (node) out.push(...subdomain(node, `${path}.nodeName`));
  const ads = optNum(spec, "activeDeadlineSeconds");
  if (ads !== undefined && (ads < 1 || ads > 2147483647))
    out.push(fe.invalid(`${path}.activeDeadlineSeconds`, ads, "must be between 1 and 2147483647, inclusive"));
  if (str(spec, "hostname")) out.push(...label(str(spec, "hostname"), `${path}.hostname`));
  if (str(spec, "subdomain")) out.push(...label(str(spec, "subdomain"), `${path}.subdomain`));
  out.push(...validateTolerations(objs(spec, "tolerations"), `${path}.tolerations`));
  objs(spec, "hostAliases").forEach((h, i) => {
    const ip = str(h, "ip");
    if (!parseIpSloppy(ip)) out.push(fe.invalid(`${path}.hostAliases[${i}].ip`, ip, IP_MSG));
    strs(h, "hostnames").forEach((n, j) =>
      out.push(...subdomain(n, `${path}.hostAliases[${i}].hostnames[${j}]`)),
    );
  });
  const pcn = str(spec, "priorityClassName");
  if (pcn) out.push(...subdomain(pcn, `${path}.priorityClassName`));
  const pp = optStr(spec, "preemptionPolicy");
  if (pp !== undefined && pp !== "PreemptLowerPriority" && pp !== "Never")
    out.push(
      pp === ""
        ? fe.required(`${path}.preemptionPolicy`)
        : fe.notSupported(`${path}.preemptionPolicy`, pp, ["PreemptLowerPriority", "Never"]),
    );
  void arr;
  return out;
}
