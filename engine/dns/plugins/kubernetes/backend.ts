/**
 * The kubernetes plugin's ServiceBackend: turns a query name into msg.Service-like entries, after
 * CoreDNS plugin/kubernetes/kubernetes.go (Services, Records, findServices, findPods), reverse.go and
 * ns.go. Every lookup goes through the ClusterView indexes (service by name, slices by service or by
 * address, pods by IP): no scans over all services.
 */
import type { ClusterView, EndpointSlice, Service } from "../../../cluster/index.js";
import { extractAddressFromReverse, hostType, isReverse } from "./ip.js";
import type { KubernetesOptions } from "./options.js";
import { isMulticlusterZone } from "./options.js";
import { findMultiClusterServices } from "./multicluster.js";
import { parseRequest, trimZone } from "./request.js";
import type { RecordRequest } from "./request.js";
import { labelsOf } from "../../wire/index.js";
import {
  endpointHostname,
  join,
  matchPortAndProtocol,
  readyAddresses,
  slicePorts,
} from "./endpoint-fields.js";
import type { Entry, Found } from "./endpoint-fields.js";

export {
  endpointHostname,
  join,
  matchPortAndProtocol,
  readyAddresses,
  slicePorts,
} from "./endpoint-fields.js";
export type { Entry, Found } from "./endpoint-fields.js";

/** CoreDNS plugin/kubernetes DNSSchemaVersion. */
export const DNS_SCHEMA_VERSION = "1.1.0";

/** A query as the backend sees it: `qname` as sent, `name` lower-cased, `zone` in the query's spelling. */
export interface State {
  qname: string;
  name: string;
  qtype: string;
  zone: string;
}

export class Backend {
  constructor(
    readonly view: ClusterView,
    private readonly o: KubernetesOptions,
    private readonly selfAddresses: readonly string[],
    private readonly nameserverAddresses?: readonly string[],
  ) {}

  get ttl(): number {
    return this.o.ttl;
  }

  /** kubernetes.go Serial: a multicluster zone's SOA serial is multiClusterModified. */
  serial(zone: string): number {
    return isMulticlusterZone(this.o, zone) ? this.view.lastMulticlusterChangeUnix : this.view.lastChangeUnix;
  }

  /** kubernetes.go Services. */
  services(st: State): Found {
    if (st.qtype === "TXT") {
      const base = trimZone(st.name, st.zone);
      const segs = base === "" ? [] : labelsOf(base);
      if (segs.length === 1 && segs[0] === "dns-version") {
        return [{ host: "", text: DNS_SCHEMA_VERSION, ttl: 28800, port: 0, domain: st.qname }];
      }
      const s = this.records(st);
      if (s && s.length > 0) return [];
      // A zonal name in its exists-but-empty state is NODATA for every type (kubernetes.go Services).
      const mc = isMulticlusterZone(this.o, st.zone);
      if (s !== undefined && this.o.zonal && parseRequest(st.name, st.zone, true, mc)?.topoZone) return [];
      return undefined;
    }
    if (st.qtype === "NS") {
      return this.nsAddrs(st.zone).map((ns) => ({ host: ns.ip, port: 0, ttl: this.o.ttl, domain: ns.name }));
    }
    if (isDefaultNS(st.name, st.zone)) {
      const fam = st.qtype === "A" ? "A" : st.qtype === "AAAA" ? "AAAA" : undefined;
      return this.nsAddrs(st.zone)
        .filter((ns) => hostType(ns.ip) === fam)
        .map((ns) => ({ host: ns.ip, port: 0, ttl: this.o.ttl, domain: st.name }));
    }
    const s = this.records(st);
    if (st.qtype !== "SRV" || !s) return s;
    // SRV for external services is not implemented upstream: drop CNAME entries.
    return s.filter((e) => hostType(e.host, e.text) !== "CNAME");
  }

  /** kubernetes.go Records. */
  records(st: State): Found {
    const multicluster = isMulticlusterZone(this.o, st.zone);
    const r = parseRequest(st.name, st.zone, this.o.zonal, multicluster);
    if (r === undefined) return undefined;
    if (r.podOrSvc === "") return [];
    if (isReverse(st.name)) return undefined;
    if (!this.namespaceExposed(r.namespace)) return undefined;
    if (r.podOrSvc === "pod") return this.findPods(r.namespace, r.service, st.zone);
    return multicluster ? findMultiClusterServices(this, this.o, r, st.zone) : this.findServices(r, st.zone);
  }

  /** kubernetes.go namespaceExposed: configured (namespaces option) and present (namespace_labels filter). */
  namespaceExposed(ns: string): boolean {
    if (this.o.namespaces.size && !this.o.namespaces.has(ns)) return false;
    const obj = this.view.namespace(ns);
    if (!obj) return false;
    return this.o.namespaceSelector ? this.o.namespaceSelector(obj.metadata.labels) : true;
  }

  private findPods(namespace: string, podname: string, zone: string): Found {
    if (this.o.podMode === "disabled") return undefined;
    if (podname === "") return [];
    const domain = join(`${podname}.${namespace}.pod`, zone);
    // kubernetes.go findPods: exactly 3 dashes and no `--` → IPv4, otherwise IPv6.
    const ip =
      (podname.match(/-/g)?.length ?? 0) === 3 && !podname.includes("--")
        ? podname.replaceAll("-", ".")
        : podname.replaceAll("-", ":");
    if (this.o.podMode === "insecure") {
      if (hostType(ip) === "CNAME") return undefined;
      return [{ host: ip, port: 0, ttl: this.o.ttl, domain }];
    }
    // verified: the pod watch only keeps non-terminal, non-deleting pods, indexed on status.podIP.
    const out: Entry[] = [];
    for (const p of this.view.podsByIP(ip)) {
      if (p.status.podIP !== ip || p.metadata.namespace !== namespace) continue;
      if (p.status.phase === "Succeeded" || p.status.phase === "Failed" || p.status.phase === "Unknown")
        continue;
      if (p.metadata.deletionMs !== undefined) continue;
      out.push({ host: ip, port: 0, ttl: this.o.ttl, domain });
    }
    return out.length ? out : undefined;
  }

  labelsOk(labels: Record<string, string>): boolean {
    return this.o.labelSelector ? this.o.labelSelector(labels) : true;
  }

  slicesFor(namespace: string, service: string): EndpointSlice[] {
    if (this.o.noEndpoints) return [];
    return this.view.endpointSlicesFor(namespace, service).filter((s) => this.labelsOk(s.metadata.labels));
  }

  /** kubernetes.go findServices. */
  private findServices(r: RecordRequest, zone: string): Found {
    if (r.service === "") return [];
    const svc = this.view.service(r.namespace, r.service);
    if (!svc || !this.labelsOk(svc.metadata.labels)) return undefined;
    const svcDomain = join(`${svc.metadata.name}.${svc.metadata.namespace}.svc`, zone);
    const headless = isHeadless(svc);
    const external = svc.spec.type === "ExternalName";
    if (this.o.ignoreEmptyService && !external && !headless) {
      // Serve NXDOMAIN when no endpoint could answer (handler counts ready addresses).
      const count = this.slicesFor(svc.metadata.namespace, svc.metadata.name).reduce(
        (n, s) => n + readyAddresses(s).length,
        0,
      );
      if (count === 0) return undefined;
    }
    // Zone-scoped names exist for headless services only (kubernetes.go findServices).
    if (r.topoZone !== "" && !headless) return undefined;
    if (external) {
      if (r.endpoint || r.port || r.protocol) return undefined;
      const host = svc.spec.externalName ?? "";
      // An IP-valued externalName is not a CNAME target: no entry, so NXDOMAIN.
      if (hostType(host) !== "CNAME") return undefined;
      return [{ host, port: 0, ttl: this.o.ttl, domain: svcDomain }];
    }
    if (headless || r.endpoint !== "") {
      const out: Entry[] = [];
      // A zonal name of a headless service exists even when no endpoint carries that zone (NODATA).
      let found = r.topoZone !== "";
      const slices = this.slicesFor(svc.metadata.namespace, svc.metadata.name);
      const addForZone = (topo: string): number => {
        let added = 0;
        for (const slice of slices) {
          const ports = slicePorts(slice);
          for (const addr of readyAddresses(slice)) {
            // object/endpoint.go keeps each topology zone lower-cased; the qname is lower-cased too.
            if (topo !== "" && addr.zone?.toLowerCase() !== topo) continue;
            const label = endpointHostname(addr, this.o.endpointPodNames);
            if (r.endpoint !== "" && label.toLowerCase() !== r.endpoint) continue;
            for (const p of ports) {
              if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
              found = true;
              added++;
              out.push({ host: addr.ip, port: p.port, ttl: this.o.ttl, domain: join(label, svcDomain) });
            }
          }
        }
        return added;
      };
      // `prefer` falls back to every endpoint when the zone holds none; `pin` never does.
      if (addForZone(r.topoZone) === 0 && r.zonePrefer) addForZone("");
      return found ? out : undefined;
    }
    const out: Entry[] = [];
    let found = false;
    // object/service.go: a service without ports gets a sentinel port -1.
    const ports = svc.spec.ports.length
      ? svc.spec.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol as string }))
      : [{ name: "", port: -1, protocol: "" }];
    for (const p of ports) {
      if (!matchPortAndProtocol(r.port, p.name, r.protocol, p.protocol)) continue;
      found = true;
      for (const ip of clusterIPs(svc))
        out.push({ host: ip, port: p.port, ttl: this.o.ttl, domain: svcDomain });
    }
    return found ? out : undefined;
  }

  /** reverse.go Reverse: PTR entries (hosts are names) for a reverse name. */
  reverse(st: State): Found {
    const ip = extractAddressFromReverse(st.name);
    if (ip === "") {
      const e = this.records(st);
      return e === undefined ? undefined : [];
    }
    const out = this.serviceRecordForIP(ip);
    return out.length ? out : undefined;
  }

  private serviceRecordForIP(ip: string): Entry[] {
    const filtered = (ns: string) => this.o.namespaces.size > 0 && !this.namespaceExposed(ns);
    for (const svc of this.view.servicesByClusterIP(ip)) {
      if (filtered(svc.metadata.namespace) || !this.labelsOk(svc.metadata.labels)) continue;
      return [
        {
          host: `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.o.primaryZone}`,
          port: 0,
          ttl: this.o.ttl,
          domain: "",
        },
      ];
    }
    const out: Entry[] = [];
    if (this.o.noEndpoints) return out;
    for (const slice of this.view.endpointSlicesByAddress(ip)) {
      const ns = slice.metadata.namespace;
      if (filtered(ns) || !this.labelsOk(slice.metadata.labels)) continue;
      // reverse.go joins ep.Index (EndpointsKey: service-name label + "." + ns): a slice without the
      // label (a multicluster one) yields `host..ns.svc.zone`, a name with an empty label.
      const svcName = slice.metadata.labels["kubernetes.io/service-name"] ?? "";
      for (const addr of readyAddresses(slice)) {
        if (addr.ip !== ip) continue;
        const label = endpointHostname(addr, this.o.endpointPodNames);
        out.push({
          host: `${label}.${svcName}.${ns}.svc.${this.o.primaryZone}`,
          port: 0,
          ttl: this.o.ttl,
          domain: "",
        });
      }
    }
    return out;
  }

  /**
   * setup.go boundIPs (k.localIPs): the interface addresses, loopback excluded. The env also lists the
   * DNS service IPs, which are no interface address of the pod: anything that is a cluster IP is left out.
   */
  localIPs(): readonly string[] {
    return (
      this.nameserverAddresses ??
      this.selfAddresses.filter(
        (a) => !a.startsWith("127.") && a !== "::1" && this.view.servicesByClusterIP(a).length === 0,
      )
    );
  }

  /**
   * ns.go nsAddrs: the services whose slices hold CoreDNS's own addresses (ClusterIP services by
   * their cluster IPs, headless ones by endpoint), else the own addresses under `ns.dns.<zone>`.
   */
  nsAddrs(zone: string): { name: string; ip: string }[] {
    const local = this.localIPs();
    const out: { name: string; ip: string }[] = [];
    for (const ip of local) {
      for (const slice of this.view.endpointSlicesByAddress(ip)) {
        const svcName = slice.metadata.labels["kubernetes.io/service-name"];
        if (svcName === undefined) continue;
        const svc = this.view.service(slice.metadata.namespace, svcName);
        if (!svc) continue;
        const base = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${zone}`;
        if (isHeadless(svc)) {
          for (const a of readyAddresses(slice)) {
            out.push({ name: `${endpointHostname(a, this.o.endpointPodNames)}.${base}`, ip: a.ip });
          }
        } else {
          for (const cip of clusterIPs(svc)) out.push({ name: base, ip: cip });
        }
      }
    }
    if (out.length) return out;
    return local.map((ip) => ({ name: `ns.dns.${zone}`, ip }));
  }
}

/**
 * kubernetes.go isDefaultNS: compares the lower-cased name with the case-preserved zone, so a
 * mixed-case zone spelling never matches (upstream quirk, kept).
 */
export function isDefaultNS(name: string, zone: string): boolean {
  return name.startsWith("ns.dns.") && name.indexOf(zone) === "ns.dns.".length;
}

export function isHeadless(svc: Service): boolean {
  return (
    svc.spec.type !== "ExternalName" && (svc.spec.clusterIP === "None" || svc.spec.clusterIPs[0] === "None")
  );
}

function clusterIPs(svc: Service): string[] {
  if (svc.spec.clusterIPs.length) return svc.spec.clusterIPs;
  return svc.spec.clusterIP && svc.spec.clusterIP !== "None" ? [svc.spec.clusterIP] : [];
}
