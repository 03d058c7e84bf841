/**
 * The base image's root filesystem: Debian bookworm by `debootstrap --variant=minbase` from the
 * machine's Debian mirror, plus the tools probes use inside pods (dig, ip, nc, ping, getent), archived
 * by GNU tar into one reproducible layer (numeric owners, sorted names, mtime 0). debootstrap runs in
 * a private mount namespace (`unshare --mount`), so the /proc and /sys it mounts into the target
 * disappear with it even when it fails.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import type { CommandRunner } from "../../kube/index.js";
import { requireTools, TOOLS } from "../host-tools.js";
import type { Layer, OciLayout } from "./oci.js";

export const ROOTFS = {
  suite: "bookworm",
  variant: "minbase",
  mirror: "http://deb.debian.org/debian",
  // dnsutils: dig; iproute2: ip, ss; netcat-openbsd: nc; iputils-ping: ping; libc-bin (in minbase):
  // getent and glibc's resolver; procps: ps.
  packages: ["dnsutils", "iproute2", "netcat-openbsd", "iputils-ping", "procps", "libc-bin"],
} as const;

/** The cache key of the root filesystem layer: everything that decides its content. */
export function rootfsKey(): string {
  return createHash("sha256").update(JSON.stringify(ROOTFS)).digest("hex").slice(0, 16);
}

/** The layer: debootstrap into `work`, archive, gzip into the layout, remove `work`. */
export async function rootfsLayer(o: {
  layout: OciLayout;
  work: string;
  runner: CommandRunner;
  log?: (line: string) => void;
  signal?: AbortSignal;
}): Promise<Layer> {
  await requireTools(o.runner, [TOOLS.debootstrap, TOOLS.tar], "the base image (a Debian root filesystem)");
  rmSync(o.work, { recursive: true, force: true });
  mkdirSync(o.work, { recursive: true });
  try {
    o.log?.(
      `debootstrap ${ROOTFS.variant} ${ROOTFS.suite} + ${ROOTFS.packages.join(",")} from ${ROOTFS.mirror}`,
    );
    const r = await o.runner.run(
      [
        "unshare",
        "--mount",
        "--propagation",
        "private",
        "debootstrap",
        `--variant=${ROOTFS.variant}`,
        `--include=${ROOTFS.packages.join(",")}`,
        ROOTFS.suite,
        `${o.work}/root`,
        ROOTFS.mirror,
      ],
      { signal: o.signal },
    );
    if (r.code !== 0)
      throw new Error(`debootstrap failed (exit ${r.code}):\n${tailOf(`${r.stdout}\n${r.stderr}`)}`);
    // Package caches are not part of an image (Debian's own images drop them too).
    for (const d of ["var/cache/apt/archives", "var/lib/apt/lists", "var/log"])
      rmSync(`${o.work}/root/${d}`, { recursive: true, force: true });
    mkdirSync(`${o.work}/root/var/lib/apt/lists/partial`, { recursive: true });
    mkdirSync(`${o.work}/root/var/cache/apt/archives/partial`, { recursive: true });
    mkdirSync(`${o.work}/root/var/log`, { recursive: true });
    return await o.layout.putLayer(gnuTar(`${o.work}/root`));
  } finally {
    rmSync(o.work, { recursive: true, force: true });
  }
}

/** GNU tar of `dir`'s content as a stream; /dev, /proc and /sys stay empty (the runtime mounts them). */
function gnuTar(dir: string) {
  const child = spawn(
    "tar",
    [
      "--numeric-owner",
      "--sort=name",
      "--mtime=@0",
      "--xattrs",
      "--exclude=./dev/*",
      "--exclude=./proc/*",
      "--exclude=./sys/*",
      "-C",
      dir,
      "-cf",
      "-",
      ".",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let err = "";
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  child.on("close", (code) => {
    if (code !== 0) child.stdout.destroy(new Error(`tar of ${dir} failed (exit ${code}): ${err.trim()}`));
  });
  return child.stdout;
}

function tailOf(text: string): string {
  return text.trim().split("\n").slice(-15).join("\n");
}
