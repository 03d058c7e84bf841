/** Admitted EndpointSlices and v1 Endpoints → the model's EndpointSlices. */
import { canonicalIp, ipFamily } from "../../net/index.js";
import type { Endpoint, EndpointPort, EndpointSlice, ObjectMeta, Protocol } from "../model.js";
import { obj, objs, optNum, optObj, optStr, str, strs, type JsonObject } from "./json.js";

function endpointPort(p: JsonObject): EndpointPort {
  return {
    name: str(p, "name"),
    port: optNum(p, "port"),
    protocol: (str(p, "protocol") || "TCP") as Protocol,
    appProtocol: optStr(p, "appProtocol"),
  };
}

export function endpointSlice(o: JsonObject, metadata: ObjectMeta): EndpointSlice {
  const addressType = str(o, "addressType") as EndpointSlice["addressType"];
  const endpoints: Endpoint[] = objs(o, "endpoints").map((e) => {
    const c = obj(e, "conditions");
    const t = optObj(e, "targetRef");
    return {
      addresses: strs(e, "addresses").map((a) => (addressType === "FQDN" ? a : (canonicalIp(a) ?? a))),
      conditions: {
        ready: c.ready === undefined ? undefined : c.ready === true,
        serving: c.serving === undefined ? undefined : c.serving === true,
        terminating: c.terminating === undefined ? undefined : c.terminating === true,
      },
      hostname: optStr(e, "hostname"),
      nodeName: optStr(e, "nodeName"),
      zone: optStr(e, "zone"),
      targetRef: t
        ? {
            kind: str(t, "kind") || "Pod",
            namespace: str(t, "namespace") || metadata.namespace,
            name: str(t, "name"),
            uid: optStr(t, "uid"),
          }
        : undefined,
    };
  });
  return {
    kind: "EndpointSlice",
    metadata,
    addressType,
    endpoints,
    ports: objs(o, "ports").map(endpointPort),
    managed: metadata.labels["endpointslice.kubernetes.io/managed-by"] === "endpointslice-controller.k8s.io",
  };
}

/**
 * v1 Endpoints become the EndpointSlice the EndpointSliceMirroring controller writes for them
 * (pkg/controller/endpointslicemirroring): `<name>-mirror`, labelled with the service name and
 * managed-by endpointslicemirroring-controller.k8s.io; addresses → ready, notReadyAddresses → not
 * ready; the first subset's ports; one address family (the first address's).
 */
export function mirrorEndpoints(o: JsonObject, metadata: ObjectMeta): EndpointSlice {
  const endpoints: Endpoint[] = [];
  let ports: EndpointPort[] = [];
  let family: 4 | 6 | undefined;
  objs(o, "subsets").forEach((s, i) => {
    for (const [key, ready] of [
      ["addresses", true],
      ["notReadyAddresses", false],
    ] as const)
      for (const a of objs(s, key)) {
        const ip = str(a, "ip");
        const fam = ipFamily(ip);
        family ??= fam;
        if (fam !== family) continue;
        const t = optObj(a, "targetRef");
        endpoints.push({
          addresses: [canonicalIp(ip) ?? ip],
          conditions: { ready },
          hostname: optStr(a, "hostname"),
          nodeName: optStr(a, "nodeName"),
          targetRef: t
            ? {
                kind: str(t, "kind") || "Pod",
                namespace: str(t, "namespace") || metadata.namespace,
                name: str(t, "name"),
              }
            : undefined,
        });
      }
    if (i === 0) ports = objs(s, "ports").map(endpointPort);
  });
  const name = metadata.name;
  return {
    kind: "EndpointSlice",
    metadata: {
      ...metadata,
      name: `${name}-mirror`,
      labels: {
        ...metadata.labels,
        "kubernetes.io/service-name": name,
        "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
      },
    },
    addressType: family === 6 ? "IPv6" : "IPv4",
    endpoints,
    ports,
    managed: false,
  };
}
