/**
 * What the kubernetes plugin offers plugin/k8s_external (the Externaler interface), after CoreDNS
 * 1.14.7 plugin/kubernetes/external.go External / ExternalAddress / ExternalReverse and ns.go
 * nsAddrs(external=true). A service's external addresses are object/service.go's ExternalIPs:
 * spec.externalIPs, then each status.loadBalancer.ingress IP (or hostname, which k8s_external turns
 * into a CNAME).
 */
import type { ClusterView, Service } from "../../../cluster/index.js";
import { extractAddressFromReverse } from "./ip.js";
import type { Backend } from "./backend.js";
import { endpointHostname, isHeadless, matchPortAndProtocol, readyAddresses, slicePorts } from "./backend.js";
import type { KubernetesOptions } from "./options.js";
import { trimZone } from "./request.js";
import { labelsOf } from "../../wire/index.js";

/** msg.Service as external.go fills it: `target` is msg.Domain(Key), the SRV target of an IP host. */
export interface ExternalService {
  host: string;
  port: number;
  ttl: number;
  target: string;
}

/** object/service.go: spec.externalIPs, then the load balancer ingress IPs or hostnames. */
export function externalIPs(svc: Service): string[] {
  const lb = svc.status.loadBalancer.ingress.map((i) => i.ip || i.hostname || "");
  return [...svc.spec.externalIPs, ...lb];
}

function stripUnderscore(s: string): string {
  return s.startsWith("_") ? s.slice(1) : s;
}

/** A service's ports as object/service.go keeps them: the sentinel -1 when it has none. */
function servicePorts(svc: Service): { name: string; port: number; protocol: string }[] {
  if (!svc.spec.ports.length) return [{ name: "", port: -1, protocol: "" }];
  return svc.spec.ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol as string }));
}

export class ExternalSource {
  constructor(
    private readonly view: ClusterView,
    private readonly o: KubernetesOptions,
    private readonly backend: Backend,
    private readonly localIPs: () => readonly string[],
  ) {}

  get ttl(): number {
    return this.o.ttl;
  }

  /** external.go External: the services a name under an external zone stands for, and the rcode. */
  external(
    name: string,
    zone: string,
    qtype: string,
    headless: boolean,
  ): { services: ExternalService[]; rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL" } {
    if (qtype === "PTR") {
      const ip = extractAddressFromReverse(name);
      if (ip) {
        const svcs = this.reverse(ip);
        return svcs.length ? { services: svcs, rcode: "NOERROR" } : { services: [], rcode: "NXDOMAIN" };
      }
    }
    const base = trimZone(name, zone);
    const segs = base === "" ? [] : labelsOf(base);
    let last = segs.length - 1;
    if (last < 0) return { services: [], rcode: "SERVFAIL" };
    const namespace = segs[last]!;
    if (!this.backend.namespaceExposed(namespace)) return { services: [], rcode: "NXDOMAIN" };
    if (--last < 0) return { services: [], rcode: "NOERROR" };
    const service = segs[last--]!;
    let endpoint = "";
    let port = "";
    let protocol = "";
    if (last === 0) {
      endpoint = stripUnderscore(segs[last--]!);
    } else if (last === 1) {
      protocol = stripUnderscore(segs[last]!);
      port = stripUnderscore(segs[last - 1]!);
      last -= 2;
    }
    if (last !== -1) return { services: [], rcode: "NXDOMAIN" };
    const svc = this.view.service(namespace, service);
    const out: ExternalService[] = [];
    let rcode: "NOERROR" | "NXDOMAIN" = "NXDOMAIN";
    if (!svc || !this.backend.labelsOk(svc.metadata.labels)) return { services: out, rcode };
    const svcDomain = `${svc.metadata.name}.${svc.metadata.namespace}.${zone}`;
    const ext = externalIPs(svc);
    if (headless && ext.length === 0 && (isHeadless(svc) || endpoint !== "")) {
      for (const slice of this.backend.slicesFor(namespace, service)) {
        const ports = slicePorts(slice);
        for (const addr of readyAddresses(slice)) {
          const label = endpointHostname(addr, this.o.endpointPodNames);
          // kubernetes.go match: strings.EqualFold.
          if (endpoint !== "" && endpoint.toLowerCase() !== label.toLowerCase()) continue;
          for (const p of ports) {
            if (!matchPortAndProtocol(port, p.name, protocol, p.protocol)) continue;
            rcode = "NOERROR";
            out.push({ host: addr.ip, port: p.port, ttl: this.o.ttl, target: `${label}.${svcDomain}` });
          }
        }
      }
    } else {
      for (const ip of ext) {
        for (const p of servicePorts(svc)) {
          if (!matchPortAndProtocol(port, p.name, protocol, p.protocol)) continue;
          rcode = "NOERROR";
          out.push({ host: ip, port: p.port, ttl: this.o.ttl, target: svcDomain });
        }
      }
    }
    // A PTR query that is not a reverse name gets the rcode only.
    return { services: qtype === "PTR" ? [] : out, rcode };
  }

  /**
   * external.go ExternalReverse / serviceRecordForExternalIP: `name.namespace` of the services
   * owning `ip` as an external address. The cluster view has no external-IP index (SvcExtIndexReverse),
   * so this walks the services; it runs only for reverse names inside a k8s_external zone.
   */
  private reverse(ip: string): ExternalService[] {
    const out: ExternalService[] = [];
    for (const svc of this.view.services()) {
      if (!externalIPs(svc).includes(ip)) continue;
      if (this.o.namespaces.size > 0 && !this.backend.namespaceExposed(svc.metadata.namespace)) continue;
      out.push({
        host: `${svc.metadata.name}.${svc.metadata.namespace}`,
        port: 0,
        ttl: this.o.ttl,
        target: "",
      });
    }
    return out;
  }

  /**
   * ns.go nsAddrs(external=true): the external addresses of the services fronting CoreDNS's own
   * endpoints (endpoint addresses of headless ones with `headless`), named `svc.ns.<zone>`; only when
   * no endpoint holds a local address, the local addresses as `ns.dns.<zone>`.
   */
  externalAddress(zone: string, headless: boolean): { name: string; ip: string }[] {
    const out: { name: string; ip: string }[] = [];
    let foundEndpoint = false;
    const local = this.localIPs();
    for (const ip of local) {
      for (const slice of this.view.endpointSlicesByAddress(ip)) {
        foundEndpoint = true;
        const svcName = slice.metadata.labels["kubernetes.io/service-name"];
        const svc = svcName === undefined ? undefined : this.view.service(slice.metadata.namespace, svcName);
        if (!svc) continue;
        const name = `${svc.metadata.name}.${svc.metadata.namespace}.${zone}`;
        if (headless && isHeadless(svc)) {
          for (const a of readyAddresses(slice))
            out.push({ name: `${endpointHostname(a, this.o.endpointPodNames)}.${name}`, ip: a.ip });
        } else {
          for (const x of externalIPs(svc)) out.push({ name, ip: x });
        }
      }
    }
    if (!foundEndpoint) return local.map((ip) => ({ name: `ns.dns.${zone}`, ip }));
    return out;
  }

  /** external.go ExternalSerial: the time of the last change the plugin saw. */
  serial(): number {
    return this.view.lastChangeUnix;
  }
}
