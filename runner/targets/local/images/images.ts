/**
 * The local cluster's images, made here and never pulled, in one OCI layout under
 * `<cache>/images/oci`, each cached under the key of its inputs (the binaries' sha256, the rootfs
 * recipe): a second build with the same inputs only reads index.json.
 * - pause: the static pause binary as `/pause` (the pod sandbox, pinned in containerd's config);
 * - base: the Debian root filesystem (rootfs.ts) plus agnhost as `/agnhost` and the static musl
 *   lookup helper as `/usr/local/bin/musl-lookup`; every image name that is not one of ours is
 *   answered with it;
 * - agnhost: the same layers with agnhost's own entrypoint (test/images/agnhost/Dockerfile:
 *   `ENTRYPOINT ["/agnhost"]`, `CMD ["pause"]`);
 * - coredns: the static CoreDNS binary as `/coredns` in a layer of its own (as CoreDNS's image,
 *   which is distroless), for the kube-system CoreDNS Deployment.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Readable } from "node:stream";
import type { CommandRunner } from "../../kube/index.js";
import { AGNHOST_VERSION, DEFAULT_COREDNS_VERSION } from "../build.js";
import { fileDigest, OciLayout, type Descriptor, type Layer, type RunConfig } from "./oci.js";
import { rootfsKey, rootfsLayer } from "./rootfs.js";
import { tarArchive, type TarEntry } from "./tar.js";

export type ImageName = "pause" | "base" | "agnhost" | "coredns";

/** The references manifests use for our images (what containerd records them as). */
export const IMAGE_REFS: Record<ImageName, string> = {
  pause: "registry.k8s.io/pause:3.10",
  base: "docker.io/library/netspec-base:latest",
  agnhost: `registry.k8s.io/e2e-test-images/agnhost:${AGNHOST_VERSION}`,
  coredns: `registry.k8s.io/coredns/coredns:${DEFAULT_COREDNS_VERSION}`,
};

/** Bump when the way images are made changes, so old cache entries are not reused. */
const RECIPE = "netspec-images-1";

export interface BuiltImages {
  /** The OCI layout directory holding every image. */
  layout: string;
  /** name → manifest descriptor. */
  manifests: Record<ImageName, Descriptor>;
}

export interface ImageBuildOptions {
  cacheDir: string;
  /** Binaries from the build: pause, agnhost, coredns-static, musl-lookup (optional). */
  bins: Record<string, string>;
  runner: CommandRunner;
  log?: (line: string) => void;
  timing?: (image: string, ms: number) => void;
  now?: () => number;
  signal?: AbortSignal;
}

function binFile(path: string, to: string): TarEntry {
  return { path: to, type: "file", mode: 0o755, data: readFileSync(path) };
}

async function smallLayer(layout: OciLayout, entries: TarEntry[]): Promise<Layer> {
  return layout.putLayer(Readable.from([tarArchive(entries)]));
}

/** Input digests deciding each image's cache key. */
async function inputKeys(bins: Record<string, string>) {
  const sha = async (name: string) =>
    bins[name] && existsSync(bins[name]) ? fileDigest(bins[name]) : "none";
  return {
    pause: await sha("pause"),
    coredns: await sha("coredns-static"),
    tools: `${await sha("agnhost")}+${await sha("musl-lookup")}+${await sha("glibc-lookup")}`,
    rootfs: rootfsKey(),
  };
}

const key = (parts: string[]) =>
  createHash("sha256")
    .update([RECIPE, ...parts].join("\n"))
    .digest("hex")
    .slice(0, 16);

/** The layers and images of one build, cached in `layout` (images) and `meta` (layer descriptors). */
function builder(o: ImageBuildOptions, layout: OciLayout, meta: string) {
  const now = o.now ?? (() => 0);
  const need = (name: string) => {
    const p = o.bins[name];
    if (!p || !existsSync(p))
      throw new Error(`image build needs the ${name} binary (run netspec local build)`);
    return p;
  };
  /** A layer cached by key in `meta` (its descriptor), made by `make` when absent. */
  const cachedLayer = async (k: string, make: () => Promise<Layer>): Promise<Layer> => {
    const p = `${meta}/${k}.json`;
    if (existsSync(p)) {
      const l = JSON.parse(readFileSync(p, "utf8")) as Layer;
      if (layout.hasBlob(l.digest)) return l;
    }
    const l = await make();
    writeFileSync(p, JSON.stringify(l));
    return l;
  };
  const image = async (name: ImageName, key0: string, layers: () => Promise<Layer[]>, run: RunConfig) => {
    const k = `${key0}-${createHash("sha256").update(IMAGE_REFS[name]).digest("hex").slice(0, 8)}`;
    const have = layout.lookup(name);
    if (have?.annotations?.["netspec.key"] === k && layout.hasBlob(have.digest)) return have;
    const t0 = now();
    o.log?.(`image ${name}: building`);
    const m = layout.putImage(await layers(), run);
    layout.tag(name, m, IMAGE_REFS[name], k);
    o.timing?.(`image ${name}`, now() - t0);
    return m;
  };
  return { need, cachedLayer, image };
}

/** Build or reuse every image; returns where they are. */
export async function buildImages(o: ImageBuildOptions): Promise<BuiltImages> {
  const layout = new OciLayout(`${o.cacheDir}/images/oci`);
  const meta = `${o.cacheDir}/images/layers`;
  mkdirSync(meta, { recursive: true });
  const keys = await inputKeys(o.bins);
  const { need, cachedLayer, image } = builder(o, layout, meta);
  const rootfs = () =>
    cachedLayer(`rootfs-${keys.rootfs}`, () =>
      rootfsLayer({
        layout,
        work: `${o.cacheDir}/build/rootfs`,
        runner: o.runner,
        log: o.log,
        signal: o.signal,
      }),
    );
  const tools = () =>
    cachedLayer(`tools-${key([keys.tools])}`, () =>
      smallLayer(layout, [
        binFile(need("agnhost"), "agnhost"),
        { path: "usr", type: "dir", mode: 0o755 },
        { path: "usr/local", type: "dir", mode: 0o755 },
        { path: "usr/local/bin", type: "dir", mode: 0o755 },
        ...(o.bins["musl-lookup"] ? [binFile(o.bins["musl-lookup"], "usr/local/bin/musl-lookup")] : []),
        ...(o.bins["glibc-lookup"] ? [binFile(o.bins["glibc-lookup"], "usr/local/bin/glibc-lookup")] : []),
      ]),
    );
  const baseKey = key(["base", keys.rootfs, keys.tools]);
  const single = (bin: string, as: string) => async () => [
    await smallLayer(layout, [binFile(need(bin), as)]),
  ];
  const manifests: Record<ImageName, Descriptor> = {
    pause: await image("pause", key(["pause", keys.pause]), single("pause", "pause"), {
      Entrypoint: ["/pause"],
    }),
    coredns: await image("coredns", key(["coredns", keys.coredns]), single("coredns-static", "coredns"), {
      Entrypoint: ["/coredns"],
    }),
    base: await image("base", baseKey, async () => [await rootfs(), await tools()], { Cmd: ["/bin/sh"] }),
    agnhost: await image("agnhost", key(["agnhost", baseKey]), async () => [await rootfs(), await tools()], {
      Entrypoint: ["/agnhost"],
      Cmd: ["pause"],
    }),
  };
  return { layout: layout.dir, manifests };
}
