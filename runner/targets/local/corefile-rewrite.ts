/**
 * The scenario's Corefile made runnable on loopback next to a local API server, changing only where
 * CoreDNS listens and what it talks to — never how it answers:
 * - every server block listens on the target's address and port (`bind`), whatever port it named
 *   (53, OpenShift's 5353): several blocks on one port are still one CoreDNS server, as in a pod;
 * - `kubernetes` reads the local API server (`kubeconfig PATH CONTEXT`), as in-cluster config would;
 * - `forward` sends to the modelled upstream world served on loopback instead of the node's resolvers
 *   or public addresses (which this machine must never reach) — except to CoreDNS itself (loopback or
 *   cluster DNS addresses), which stays a forwarding loop the `loop` plugin can detect;
 * - namespaces the run renamed (see kube/namespaces.ts) are renamed here too;
 * - `health`, `ready` and `prometheus` are dropped: they open fixed ports (:8080, :8181, :9153) that
 *   would collide between runs and do not change any answer.
 */

export interface LocalCorefileOptions {
  host: string;
  port: number;
  kubeconfig: string;
  context: string;
  /** `host:port` of the upstream world server. */
  upstream: string;
  /** Addresses that are cluster DNS itself (its Service and pod IPs): forwarding there loops. */
  self?: string[];
  /** Per-case namespace names: `namespaces` in the kubernetes block, `x.<ns>.svc` names anywhere. */
  namespace?: (ns: string) => string;
  name?: (text: string) => string;
}

const DROPPED = new Set(["health", "ready", "prometheus", "bind"]);

export function localCorefile(text: string, o: LocalCorefileOptions): string {
  const out: string[] = [];
  let depth = 0;
  let skipDepth = -1;
  let kubernetesOpen = false;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trimEnd();
    const trimmed = line.trim();
    const opens = (trimmed.match(/\{/g) ?? []).length;
    const closes = (trimmed.match(/\}/g) ?? []).length;
    if (skipDepth >= 0) {
      depth += opens - closes;
      if (depth <= skipDepth) skipDepth = -1;
      continue;
    }
    if (!trimmed) {
      out.push("");
      continue;
    }
    const indent = /^\s*/.exec(raw)?.[0] ?? "";
    if (depth === 0 && opens) {
      const keys = trimmed.replace(/\{.*$/, "").trim().split(/\s+/).filter(Boolean);
      out.push(`${keys.map((k) => rekey(k, o.port)).join(" ")} {`);
      out.push(`    bind ${o.host}`);
      depth += opens - closes;
      continue;
    }
    if (depth === 1) {
      const [name, ...args] = trimmed
        .replace(/\{\s*$/, "")
        .trim()
        .split(/\s+/);
      if (name && DROPPED.has(name)) {
        if (opens > closes) skipDepth = depth;
        depth += opens - closes;
        continue;
      }
      if (name === "kubernetes") {
        const kc = `kubeconfig ${o.kubeconfig} ${o.context}`;
        if (opens > closes) {
          out.push(`${indent}${trimmed}`, `${indent}    ${kc}`);
          kubernetesOpen = true;
        } else out.push(`${indent}kubernetes ${args.join(" ")} {`, `${indent}    ${kc}`, `${indent}}`);
        depth += opens - closes;
        continue;
      }
      if (name === "forward" && args.length) {
        // forward FROM TO... [{]: a TO that is this server (loopback, cluster DNS) stays this
        // server — a forwarding loop is a loop here too; every other TO is the modelled upstream.
        const [from, ...to] = args;
        const targets = [
          ...new Set(to.map((t) => (isSelf(t, o.self ?? []) ? `${o.host}:${o.port}` : o.upstream))),
        ];
        const block = opens > closes ? " {" : "";
        out.push(`${indent}forward ${from} ${targets.join(" ")}${block}`);
        depth += opens - closes;
        continue;
      }
    }
    if (kubernetesOpen && trimmed.startsWith("kubeconfig")) continue;
    depth += opens - closes;
    if (kubernetesOpen && trimmed.startsWith("namespaces ") && o.namespace) {
      const [, ...names] = trimmed.split(/\s+/);
      out.push(`${indent}namespaces ${names.map(o.namespace).join(" ")}`);
      continue;
    }
    if (depth <= 1) kubernetesOpen = false;
    out.push(o.name ? o.name(raw.trimEnd()) : raw.trimEnd());
  }
  return out.join("\n");
}

function isSelf(target: string, self: string[]): boolean {
  const host = target
    .replace(/^dns:\/\//, "")
    .replace(/^\[(.*)\](:\d+)?$/, "$1")
    .replace(/:\d+$/, "");
  return /^127\./.test(host) || host === "::1" || host === "localhost" || self.includes(host);
}

/** `.:53` → `.:PORT`, `dns://cluster.local:5353` → `dns://cluster.local:PORT`, `example.org` → `example.org:PORT`. */
function rekey(key: string, port: number): string {
  const m = /^((?:dns:\/\/)?)([^:]*)(?::\d+)?$/.exec(key);
  return m ? `${m[1]}${m[2] || "."}:${port}` : key;
}
