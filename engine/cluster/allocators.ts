/**
 * ClusterIP and NodePort allocation, as kube-apiserver's registry does it (pkg/registry/core/service/
 * ipallocator, portallocator): requested values are checked against the range and the in-use set;
 * otherwise a random free value is taken — upstream draws a random offset and scans forward, here the
 * draw comes from the run's seeded RNG so a seed always gives the same IPs. The first address of the
 * service range (the `kubernetes` service) and the cluster DNS address are never handed out dynamically.
 * What to allocate, and the errors, are admission's (intake/rules/service-alloc.ts, from alloc.go).
 */
import type { Rng } from "../support/index.js";
import { addressOffset, cidrSize, formatCidr, nthAddress, parseCidr, type Cidr } from "../net/index.js";
import { sloppyCanonical } from "./intake/index.js";
import type { ServiceAllocation } from "./intake/rules/index.js";
import type { Service } from "./model.js";

export class IpRangeAllocator {
  private readonly used = new Set<string>();
  /** Offsets 1..max-1 are allocatable (offset 0 = network address; IPv4 also excludes broadcast). */
  private readonly max: number;
  readonly cidr: Cidr;

  constructor(
    readonly cidrText: string,
    private readonly rng: Rng,
    private readonly reserved: Set<string>,
  ) {
    const c = parseCidr(cidrText);
    if (!c) throw new Error(`invalid service CIDR ${cidrText}`);
    this.cidr = c;
    const size = cidrSize(c);
    // ipallocator.NewInMemory: IPv6 bitmaps are capped at 2^16 entries.
    const cap = c.family === 4 ? size - 1n : size < 65536n ? size : 65536n;
    this.max = Number(cap);
  }

  /** Why a requested IP cannot be taken, or undefined if it can. */
  check(ip: string): string | undefined {
    const off = addressOffset(this.cidr, ip);
    if (off === undefined || off < 1n || off >= BigInt(this.max))
      return `provided IP is not in the valid range. The range of valid IPs is ${formatCidr(this.cidr)}`;
    if (this.used.has(ip)) return "provided IP is already allocated";
    return undefined;
  }

  take(ip: string): void {
    this.used.add(ip);
  }

  release(ip: string): void {
    this.used.delete(ip);
  }

  next(): string | undefined {
    const span = this.max - 1;
    if (span <= 0) return undefined;
    const start = this.rng.int(span);
    for (let i = 0; i < span; i++) {
      const ip = nthAddress(this.cidr, 1 + ((start + i) % span))!;
      if (!this.used.has(ip) && !this.reserved.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }
}

export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export class ServiceAllocators {
  readonly ranges: IpRangeAllocator[];
  private readonly nodePorts = new Set<number>();

  /** Pinned IPs outside every range, held when the cluster takes them as written (bare clusters). */
  private readonly outside = new Set<string>();

  constructor(
    serviceCidrs: string[],
    private readonly rng: Rng,
    reserved: string[],
    private readonly pinnedAnywhere = false,
  ) {
    const r = new Set(reserved);
    this.ranges = serviceCidrs.map((c) => new IpRangeAllocator(c, rng, r));
  }

  families(): ("IPv4" | "IPv6")[] {
    return this.ranges.map((r) => (r.cidr.family === 4 ? "IPv4" : "IPv6"));
  }

  private range(family: "IPv4" | "IPv6"): IpRangeAllocator | undefined {
    return this.ranges.find((r) => (r.cidr.family === 4) === (family === "IPv4"));
  }

  release(svc: Service): void {
    for (const ip of svc.spec.clusterIPs) {
      this.outside.delete(ip);
      if (ip !== "None") this.range(ip.includes(":") ? "IPv6" : "IPv4")?.release(ip);
    }
    for (const p of svc.spec.ports) if (p.nodePort) this.nodePorts.delete(p.nodePort);
  }

  /** Re-takes what a stored service holds (after a failed update). */
  retake(svc: Service): void {
    for (const ip of svc.spec.clusterIPs) {
      const r = ip === "None" ? undefined : this.range(ip.includes(":") ? "IPv6" : "IPv4");
      if (r && r.check(ip)?.startsWith("provided IP is not in the valid range")) this.outside.add(ip);
      else r?.take(ip);
    }
    for (const p of svc.spec.ports) if (p.nodePort) this.nodePorts.add(p.nodePort);
  }

  /**
   * The primitives admission allocates with (intake/rules/service-alloc.ts mirrors alloc.go over
   * them): range checks, taking and releasing cluster IPs per family, and the node-port range.
   */
  allocation(): ServiceAllocation {
    // Go's ParseIPSloppy: a leading zero in an IPv4 part is decimal (`010.96.1.1` is 10.96.1.1).
    const canonical = (ip: string) => sloppyCanonical(ip);
    return {
      families: this.families(),
      checkIp: (family, ip) => {
        const r = this.range(family);
        const why = r?.check(canonical(ip));
        if (why?.startsWith("provided IP is not in the valid range")) {
          if (!this.pinnedAnywhere) return "range";
          return this.outside.has(canonical(ip)) ? "taken" : undefined;
        }
        return why ? "taken" : undefined;
      },
      rangeText: (family) => (this.range(family) ? formatCidr(this.range(family)!.cidr) : ""),
      baseIp: (family) => formatCidr(this.range(family)!.cidr).split("/")[0]!,
      takeIp: (family, ip) => {
        const r = this.range(family);
        if (r && !r.check(canonical(ip))?.startsWith("provided IP is not in the valid range"))
          r.take(canonical(ip));
        else this.outside.add(canonical(ip));
      },
      nextIp: (family) => this.range(family)?.next(),
      releaseIp: (ip) => {
        this.outside.delete(canonical(ip));
        this.range(ip.includes(":") ? "IPv6" : "IPv4")?.release(canonical(ip));
      },
      nodePortRange: [NODE_PORT_MIN, NODE_PORT_MAX],
      nodePortTaken: (p) => this.nodePorts.has(p),
      takeNodePort: (p) => this.nodePorts.add(p),
      nextNodePort: () => {
        const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        const start = this.rng.int(span);
        for (let k = 0; k < span; k++) {
          const cand = NODE_PORT_MIN + ((start + k) % span);
          if (!this.nodePorts.has(cand)) {
            this.nodePorts.add(cand);
            return cand;
          }
        }
        return undefined;
      },
      releaseNodePort: (p) => this.nodePorts.delete(p),
    };
  }
}
