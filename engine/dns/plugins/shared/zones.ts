/** Zone handling as in CoreDNS plugin/plugin.go (`Zones.Matches`, `Host.NormalizeExact`). */

/** Lower-cased FQDN (`Example.COM` → `example.com.`). */
export function normalizeZone(z: string): string {
  const l = z.toLowerCase();
  if (l === "" || l === ".") return ".";
  return l.endsWith(".") ? l : `${l}.`;
}

/** dns.IsSubDomain(parent, child), case-insensitive. */
export function isSubdomain(parent: string, child: string): boolean {
  const p = normalizeZone(parent);
  const c = normalizeZone(child);
  if (p === ".") return true;
  return c === p || c.endsWith(`.${p}`);
}

/** plugin.Zones.Matches: the longest zone `qname` is in, or undefined. */
export function matchZone(zones: readonly string[], qname: string): string | undefined {
  let best: string | undefined;
  for (const z of zones) {
    if (isSubdomain(z, qname) && (best === undefined || z.length > best.length)) best = z;
  }
  return best;
}

/**
 * Zones given as plugin arguments, or the server block's zones when none are given (plugin.Host
 * normalisation; reverse CIDR notation is not modelled and fails loudly in the caller).
 */
export function zonesOrBlock(args: readonly string[], blockZones: readonly string[]): string[] {
  return args.length ? args.map(normalizeZone) : [...blockZones];
}
