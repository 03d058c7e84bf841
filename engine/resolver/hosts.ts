/** /etc/hosts: kubelet's managed file and the libc files backend's lookup. */
import type { HostsEntry } from "./types.js";

export function parseHosts(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const raw of text.split("\n")) {
    const hash = raw.indexOf("#");
    const line = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    if (!line) continue;
    const [ip, ...names] = line.split(/\s+/);
    if (ip && names.length > 0) out.push({ ip, names });
  }
  return out;
}

/** One line per entry, tab-separated as kubelet writes them, comments kept. */
export function formatHosts(entries: HostsEntry[], header = ""): string {
  const lines = entries.map((e) => `${e.ip}\t${e.names.join("\t")}${e.comment ? ` ${e.comment}` : ""}`);
  return `${header}${lines.join("\n")}\n`;
}

/**
 * getaddrinfo's files backend: every address of every line naming `name` (case-insensitive), in
 * file order, filtered by family (A → IPv4, AAAA → IPv6, ANY → both).
 */
export function lookupHosts(entries: HostsEntry[], name: string, type: "A" | "AAAA" | "ANY"): string[] {
  const wanted = name.replace(/\.$/, "").toLowerCase();
  const out: string[] = [];
  for (const e of entries) {
    if (!e.names.some((n) => n.toLowerCase() === wanted)) continue;
    const v6 = e.ip.includes(":");
    if (type === "ANY" || (type === "AAAA") === v6) if (!out.includes(e.ip)) out.push(e.ip);
  }
  return out;
}
