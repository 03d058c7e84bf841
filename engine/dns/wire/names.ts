/** Name conversions between the engine (FQDN with trailing dot) and dns-packet (no trailing dot). */

/** `example.com` / `example.com.` → `example.com.`; root stays `.`. */
export function toFqdn(name: string): string {
  if (name === "" || name === ".") return ".";
  return name.endsWith(".") ? name : `${name}.`;
}

/** `example.com.` → `example.com`; root → `.` (dns-packet's spelling of the root). */
export function toPacketName(name: string): string {
  if (name === "" || name === ".") return ".";
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

/** Labels of an FQDN, root = []. */
export function labelsOf(name: string): string[] {
  const n = toPacketName(name);
  return n === "." ? [] : n.split(".");
}
