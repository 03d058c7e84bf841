/**
 * A multicluster zone as a transfer.Transferer body, after CoreDNS 1.14.7 plugin/kubernetes/xfr.go
 * transferMultiClusterServices: every exposed ServiceImport sorted by name. An import whose first
 * spec.ips entry is an address: an address record per IP, an SRV `0 100 PORT name` per port and a
 * `_port._proto` SRV per named port. Otherwise (Headless, or no IP) per ready address of each
 * multicluster slice: the import's address record, `<endpoint>.<name>` (no cluster id, unlike the
 * query side) and an SRV per named port with weight floor(100 / addresses of the slice).
 */
import type { ResourceRecord } from "../../message.js";
import { address, rr, srvWeight } from "./xfr-records.js";
import { ipFamily } from "../../../net/index.js";
import type { Backend } from "./backend.js";
import { endpointHostname, readyAddresses, slicePorts } from "./backend.js";
import { multiclusterSlices, watchedServiceImports } from "./multicluster.js";
import type { KubernetesOptions } from "./options.js";

const srv = (name: string, ttl: number, weight: number, port: number, host: string) =>
  rr(name, ttl, { type: "SRV", srv: { priority: 0, weight, port, target: host || "." } });

/** xfr.go transferMultiClusterServices: the records between the NS set and the closing SOA. */
export function transferMultiClusterServices(
  b: Backend,
  o: KubernetesOptions,
  zone: string,
): ResourceRecord[][] {
  const ttl = o.ttl;
  const out: ResourceRecord[][] = [];
  const imports = watchedServiceImports(b.view, o).sort((x, y) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : 0,
  );
  for (const si of imports) {
    if (!b.namespaceExposed(si.namespace)) continue;
    const base = `${si.name}.${si.namespace}.svc.${zone}`;
    if (si.ips[0] !== undefined && ipFamily(si.ips[0]) !== undefined) {
      let host = "";
      for (const ip of si.ips) {
        const a = address(base, ip, ttl);
        if (a) out.push([a]);
        host = a ? base : "";
      }
      for (const p of si.ports) {
        out.push([srv(base, ttl, 100, p.port, host)]);
        if (!p.name) continue;
        const name = `_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}.${base}`;
        out.push([srv(name, ttl, 100, p.port, host)]);
      }
      continue;
    }
    for (const slice of multiclusterSlices(b, o, si)) {
      const ready = readyAddresses(slice);
      const weight = srvWeight(ready.length);
      for (const a of ready) {
        const own = address(base, a.ip, ttl);
        if (own) out.push([own]);
        const name = `${endpointHostname(a, o.endpointPodNames)}.${base}`;
        const rec = address(name, a.ip, ttl);
        if (rec) out.push([rec]);
        for (const p of slicePorts(slice)) {
          if (!p.name) continue;
          const owner = `_${p.name.toLowerCase()}._${p.protocol.toLowerCase()}.${base}`;
          out.push([srv(owner, ttl, weight, p.port, rec ? name : "")]);
        }
      }
    }
  }
  return out;
}
