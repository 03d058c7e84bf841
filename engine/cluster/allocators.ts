/**
 * ClusterIP and NodePort allocation, as kube-apiserver's registry does it (pkg/registry/core/service/
 * ipallocator, portallocator): requested values are checked against the range and the in-use set;
 * otherwise a random free value is taken — upstream draws a random offset and scans forward, here the
 * draw comes from the run's seeded RNG so a seed always gives the same IPs. The first address of the
 * service range (the `kubernetes` service) and the cluster DNS address are never handed out dynamically.
 */
import type { Rng } from "../support/index.js";
import {
  addressOffset,
  cidrSize,
  formatCidr,
  nthAddress,
  parseCidr,
  canonicalIp,
  type Cidr,
} from "../net/index.js";
import type { DocContext } from "./intake/field-error.js";
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

  /** Sets ipFamilies/ipFamilyPolicy/clusterIPs (pkg/registry/core/service/storage/alloc.go semantics). */
  allocateClusterIPs(ctx: DocContext, svc: Service, previous: Service | undefined): void {
    const requested = svc.spec.clusterIPs.filter((ip) => ip !== "" && ip !== "None");
    const headless = svc.spec.clusterIPs[0] === "None";
    const keeps =
      previous !== undefined &&
      previous.spec.type !== "ExternalName" &&
      svc.spec.type !== "ExternalName" &&
      previous.spec.clusterIPs.length > 0;
    if (keeps && !headless && requested.length === 0) {
      this.keepAllocated(svc, previous);
      return;
    }
    if (keeps) {
      // validation.go validateUpgradeDowngradeClusterIPs: each existing cluster IP is immutable.
      previous.spec.clusterIPs.forEach((ip, i) => {
        const now = svc.spec.clusterIPs[i];
        if (now !== undefined && now !== ip)
          ctx.invalid(`spec.clusterIPs[${i}]`, now, "may not change once set");
      });
    }
    requested.forEach((ip, i) => {
      if (canonicalIp(ip) === undefined)
        ctx.invalid(
          `spec.clusterIPs[${i}]`,
          ip,
          "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
        );
    });
    const families = this.initIPFamilyFields(ctx, svc, requested, headless);
    if (headless) {
      svc.spec.clusterIPs = ["None"];
      return;
    }
    svc.spec.clusterIPs = this.allocIPs(ctx, families, requested);
  }

  /**
   * An update without clusterIP keeps the allocated one, "None" included (pkg/registry/core/service
   * storage patchAllocatedValues): removing clusterIP never turns a headless service into a ClusterIP.
   */
  private keepAllocated(svc: Service, previous: Service): void {
    svc.spec.clusterIPs = [...previous.spec.clusterIPs];
    if (svc.spec.ipFamilies.length === 0) svc.spec.ipFamilies = [...previous.spec.ipFamilies];
    svc.spec.ipFamilyPolicy ??= previous.spec.ipFamilyPolicy;
    for (const ip of svc.spec.clusterIPs)
      if (ip !== "None") this.range(ip.includes(":") ? "IPv6" : "IPv4")?.take(ip);
  }

  /**
   * alloc.go initIPFamilyFields: the policy (SingleStack unless asked, RequireDualStack for a
   * selector-less headless service on a dual-stack cluster), the families (from the requested IPs,
   * else the cluster's first; a second one under a dual-stack policy), validated against the
   * cluster and the requested IPs. Sets them on the service and returns the families.
   */
  private initIPFamilyFields(
    ctx: DocContext,
    svc: Service,
    requested: string[],
    headless: boolean,
  ): ("IPv4" | "IPv6")[] {
    const clusterFamilies = this.families();
    const dualCluster = clusterFamilies.length > 1;
    if (requested.length > 1 && !svc.spec.ipFamilyPolicy)
      ctx.invalid(
        "spec.ipFamilyPolicy",
        "SingleStack",
        "must be RequireDualStack or PreferDualStack when multiple IPs are specified",
      );
    let policy = svc.spec.ipFamilyPolicy;
    if (!policy) policy = headless && !svc.spec.selector && dualCluster ? "RequireDualStack" : "SingleStack";
    if (policy === "RequireDualStack" && !dualCluster)
      ctx.invalid("spec.ipFamilyPolicy", policy, "this cluster is not configured for dual-stack services");
    let families = [...svc.spec.ipFamilies];
    if (families.length === 0) families = requested.map((ip) => (ip.includes(":") ? "IPv6" : "IPv4"));
    if (families.length === 0) families = [clusterFamilies[0]!];
    families.forEach((fam, i) => {
      if (!clusterFamilies.includes(fam))
        ctx.invalid(`spec.ipFamilies[${i}]`, fam, "not configured on this cluster");
    });
    if (families.length === 2 && families[0] === families[1])
      ctx.fail("spec.ipFamilies[1]", "Duplicate value", families[1]);
    if (policy === "SingleStack" && families.length > 1)
      ctx.invalid(
        "spec.ipFamilies",
        families,
        "when spec.ipFamilyPolicy is SingleStack, at most one family may be specified",
      );
    if (policy !== "SingleStack" && dualCluster && families.length === 1)
      families.push(clusterFamilies.find((f) => f !== families[0])!);
    requested.forEach((ip, i) => {
      const fam = ip.includes(":") ? "IPv6" : "IPv4";
      if (families[i] !== fam)
        ctx.invalid(
          `spec.clusterIPs[${i}]`,
          ip,
          `expected an ${families[i]} value as indicated by \`ipFamilies[${i}]\``,
        );
    });
    svc.spec.ipFamilyPolicy = policy;
    svc.spec.ipFamilies = families;
    return families;
  }

  /**
   * alloc.go txnAllocClusterIPs: per family the requested IP (checked against the range and the
   * in-use set) or a free one; on any failure everything taken so far is released.
   */
  private allocIPs(ctx: DocContext, families: ("IPv4" | "IPv6")[], requested: string[]): string[] {
    const out: string[] = [];
    const taken: { r: IpRangeAllocator; ip: string }[] = [];
    try {
      families.forEach((fam, i) => {
        const r = this.range(fam)!;
        const want = requested[i];
        if (want === undefined) {
          const ip = r.next();
          if (!ip)
            ctx.plain(
              `Internal error occurred: failed to allocate a serviceIP: range is full`,
              "manifest/allocation",
              "spec.clusterIPs",
            );
          taken.push({ r, ip });
          out.push(ip);
          return;
        }
        const ip = canonicalIp(want)!;
        const why = r.check(ip);
        if (why?.startsWith("provided IP is not in the valid range") && this.pinnedAnywhere) {
          if (this.outside.has(ip))
            ctx.invalid(`spec.clusterIPs[${i}]`, want, "provided IP is already allocated");
          this.outside.add(ip);
          out.push(ip);
          return;
        }
        if (why) ctx.invalid(`spec.clusterIPs[${i}]`, want, why);
        r.take(ip);
        taken.push({ r, ip });
        out.push(ip);
      });
    } catch (e) {
      for (const t of taken) t.r.release(t.ip);
      for (const ip of out) if (!taken.some((t) => t.ip === ip)) this.outside.delete(ip);
      throw e;
    }
    return out;
  }

  allocateNodePorts(ctx: DocContext, svc: Service, previous: Service | undefined): void {
    if (svc.spec.type !== "NodePort" && svc.spec.type !== "LoadBalancer") return;
    const taken: number[] = [];
    try {
      svc.spec.ports.forEach((p, i) => {
        let port = p.nodePort;
        if (port === undefined) {
          // Keep the port a previous version had for the same port/protocol.
          port = previous?.spec.ports.find((q) => q.port === p.port && q.protocol === p.protocol)?.nodePort;
        }
        if (port !== undefined) {
          if (port < NODE_PORT_MIN || port > NODE_PORT_MAX)
            ctx.invalid(
              `spec.ports[${i}].nodePort`,
              port,
              `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
            );
          // The same nodePort may serve TCP and UDP of one service.
          if (this.nodePorts.has(port) && !taken.includes(port))
            ctx.invalid(`spec.ports[${i}].nodePort`, port, "provided port is already allocated");
        } else {
          const span = NODE_PORT_MAX - NODE_PORT_MIN + 1;
          const start = this.rng.int(span);
          for (let k = 0; k < span; k++) {
            const cand = NODE_PORT_MIN + ((start + k) % span);
            if (!this.nodePorts.has(cand)) {
              port = cand;
              break;
            }
          }
          if (port === undefined)
            ctx.plain(
              "Internal error occurred: failed to allocate a nodePort: range is full",
              "manifest/allocation",
            );
        }
        this.nodePorts.add(port);
        taken.push(port);
        p.nodePort = port;
      });
    } catch (e) {
      for (const p of taken) this.nodePorts.delete(p);
      throw e;
    }
  }
}
