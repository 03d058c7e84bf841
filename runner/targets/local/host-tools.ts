/**
 * Host tools the local target's build and cluster need, each with the Debian package that provides
 * it: a missing one is reported by name with the `apt-get install` line instead of failing later in
 * a compiler or a netlink call.
 */
import type { CommandRunner } from "../kube/index.js";

/** A host requirement: a command on PATH, or a library found through pkg-config. */
export interface HostTool {
  /** What is checked: a command name, or `lib:<pkg-config name>`. */
  name: string;
  /** The Debian package providing it. */
  debian: string;
}

export const TOOLS = {
  gcc: { name: "gcc", debian: "gcc" },
  go: { name: "go", debian: "golang-go (or Go from go.dev)" },
  pkgConfig: { name: "pkg-config", debian: "pkg-config" },
  libseccomp: { name: "lib:libseccomp", debian: "libseccomp-dev" },
  staticLibc: { name: "lib:static-libc", debian: "libc6-dev" },
  debootstrap: { name: "debootstrap", debian: "debootstrap" },
  tar: { name: "tar", debian: "tar" },
  nft: { name: "nft", debian: "nftables" },
  ip: { name: "ip", debian: "iproute2" },
  iptables: { name: "iptables", debian: "iptables" },
  conntrack: { name: "conntrack", debian: "conntrack" },
  ipset: { name: "ipset", debian: "ipset" },
  nsenter: { name: "nsenter", debian: "util-linux" },
  mount: { name: "mount", debian: "mount" },
} satisfies Record<string, HostTool>;

/** A host tool is missing: says which and what to install. */
export class HostToolError extends Error {
  constructor(
    readonly missing: HostTool[],
    what: string,
  ) {
    const pkgs = [...new Set(missing.map((t) => t.debian.split(" ")[0]!))];
    super(
      `${what} needs ${missing.map((t) => `${t.name.replace(/^lib:/, "")} (Debian: ${t.debian})`).join(", ")}` +
        ` — install with: apt-get install -y ${pkgs.join(" ")}`,
    );
    this.name = "HostToolError";
  }
}

function probe(tool: HostTool): string {
  if (tool.name === "lib:static-libc")
    return "test -e /usr/lib/x86_64-linux-gnu/libc.a -o -e /usr/lib/libc.a";
  if (tool.name.startsWith("lib:"))
    return `command -v pkg-config >/dev/null && pkg-config --exists ${tool.name.slice(4)}`;
  return `command -v ${tool.name} >/dev/null`;
}

/** The tools of `tools` this host lacks. */
export async function missingTools(runner: CommandRunner, tools: HostTool[]): Promise<HostTool[]> {
  const out: HostTool[] = [];
  for (const t of tools) {
    const r = await runner.run(["sh", "-c", probe(t)]);
    if (r.code !== 0) out.push(t);
  }
  return out;
}

/** Throws a HostToolError naming every missing tool of `tools` (`what` says who needs them). */
export async function requireTools(runner: CommandRunner, tools: HostTool[], what: string): Promise<void> {
  const missing = await missingTools(runner, tools);
  if (missing.length) throw new HostToolError(missing, what);
}
