/**
 * Pod and pod-template defaulting (pkg/apis/core/v1/defaults.go SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, volume source defaults, and
 * the `+default` markers zz_generated.defaults.go applies: container port protocol TCP), plus
 * SetDefaults_Pod for pods themselves (enableServiceLinks, host-network host ports, requests from
 * limits). Non-pointer structs print as `{}` (resources) and a template's zero creationTimestamp as
 * null, as the Go types marshal them.
 */
import { ensureObj, has, isObject, num, obj, objs, optObj, str, type JsonObject } from "../json.js";
import { defaultResourceList, keepRawQuantities, rawQuantity, setRawQuantity } from "../validate/quantity.js";

/** parsers.ParseImageName's tag: `latest` when the reference names none, "" when it is not one. */
export function imageTag(image: string): string {
  const ref =
    /^(?:[a-zA-Z0-9][-a-zA-Z0-9.]*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,})?$/.exec(
      image,
    );
  if (!ref) return "";
  if (ref[2]) return ref[1] ?? "";
  return ref[1] ?? "latest";
}

function defaultProbe(p: JsonObject | undefined): void {
  if (!p) return;
  if (num(p, "timeoutSeconds") === 0) p.timeoutSeconds = 1;
  if (num(p, "periodSeconds") === 0) p.periodSeconds = 10;
  if (num(p, "successThreshold") === 0) p.successThreshold = 1;
  if (num(p, "failureThreshold") === 0) p.failureThreshold = 3;
  const http = optObj(p, "httpGet");
  if (http) {
    if (!str(http, "path")) http.path = "/";
    if (!str(http, "scheme")) http.scheme = "HTTP";
  }
  const grpc = optObj(p, "grpc");
  if (grpc && !has(grpc, "service")) grpc.service = "";
}

function defaultContainer(c: JsonObject): void {
  if (!str(c, "imagePullPolicy"))
    c.imagePullPolicy = imageTag(str(c, "image")) === "latest" ? "Always" : "IfNotPresent";
  if (!str(c, "terminationMessagePath")) c.terminationMessagePath = "/dev/termination-log";
  if (!str(c, "terminationMessagePolicy")) c.terminationMessagePolicy = "File";
  for (const p of objs(c, "ports")) if (!str(p, "protocol")) p.protocol = "TCP";
  if (!isObject(c.resources)) c.resources = {};
  defaultResourceList(optObj(c.resources, "limits"));
  defaultResourceList(optObj(c.resources, "requests"));
  for (const k of ["livenessProbe", "readinessProbe", "startupProbe"]) defaultProbe(optObj(c, k));
  for (const e of objs(c, "env")) {
    const ref = optObj(optObj(e, "valueFrom"), "fieldRef");
    if (ref && !str(ref, "apiVersion")) ref.apiVersion = "v1";
  }
}

function defaultVolume(v: JsonObject): void {
  const sources = Object.keys(v).filter((k) => k !== "name" && v[k] !== null);
  if (sources.length === 0) v.emptyDir = {};
  for (const k of ["configMap", "secret", "downwardAPI", "projected"]) {
    const s = optObj(v, k);
    if (s && !has(s, "defaultMode")) s.defaultMode = 420;
  }
  const hp = optObj(v, "hostPath");
  if (hp && !has(hp, "type")) hp.type = "";
}

/** SetDefaults_PodSpec and the container/volume defaults under it. */
export function defaultPodSpec(spec: JsonObject): void {
  // core/v1 conversion: the deprecated serviceAccount names the same account as serviceAccountName.
  if (!str(spec, "serviceAccountName") && str(spec, "serviceAccount"))
    spec.serviceAccountName = str(spec, "serviceAccount");
  if (str(spec, "serviceAccountName")) spec.serviceAccount = str(spec, "serviceAccountName");
  if (!str(spec, "dnsPolicy")) spec.dnsPolicy = "ClusterFirst";
  if (!str(spec, "restartPolicy")) spec.restartPolicy = "Always";
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  if (!has(spec, "terminationGracePeriodSeconds")) spec.terminationGracePeriodSeconds = 30;
  if (!str(spec, "schedulerName")) spec.schedulerName = "default-scheduler";
  for (const c of objs(spec, "containers")) defaultContainer(c);
  for (const c of objs(spec, "initContainers")) defaultContainer(c);
  for (const v of objs(spec, "volumes")) defaultVolume(v);
}

/** SetDefaults_Pod: only for pods, not templates. */
export function defaultPod(o: JsonObject): void {
  const spec = ensureObj(o, "spec");
  // Convert_v1_Pod_To_core_Pod (core/v1 conversion.go): a negative grace period is 1, for Pods only.
  if (typeof spec.terminationGracePeriodSeconds === "number" && spec.terminationGracePeriodSeconds < 0)
    spec.terminationGracePeriodSeconds = 1;
  for (const c of [...objs(spec, "containers"), ...objs(spec, "initContainers")]) {
    const res = optObj(c, "resources");
    const limits = optObj(res, "limits");
    if (res && limits) {
      const requests = ensureObj(res, "requests");
      keepRawQuantities(limits);
      keepRawQuantities(requests);
      for (const [k, v] of Object.entries(limits))
        if (!(k in requests)) {
          requests[k] = v;
          setRawQuantity(requests, k, rawQuantity(limits, k));
        }
    }
  }
  if (!has(spec, "enableServiceLinks")) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true)
    for (const c of [...objs(spec, "containers"), ...objs(spec, "initContainers")])
      for (const p of objs(c, "ports")) if (num(p, "hostPort") === 0) p.hostPort = num(p, "containerPort");
  defaultPodSpec(spec);
}

/** A pod template inside a workload: metadata.creationTimestamp prints as null, the spec defaults. */
export function defaultTemplate(t: JsonObject): void {
  const m = ensureObj(t, "metadata");
  if (!("creationTimestamp" in m)) m.creationTimestamp = null;
  defaultPodSpec(ensureObj(t, "spec"));
}

/** qos.GetPodQOS: Guaranteed, Burstable or BestEffort from the containers' requests and limits. */
export function podQos(spec: JsonObject): string {
  const containers = [...objs(spec, "containers"), ...objs(spec, "initContainers")];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = obj(c, "resources");
    const req = obj(res, "requests");
    const lim = obj(res, "limits");
    const names = ["cpu", "memory"];
    if (names.some((n) => n in req || n in lim)) any = true;
    for (const n of names)
      if (!(n in lim) || (n in req && String(req[n]) !== String(lim[n]))) guaranteed = false;
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}
