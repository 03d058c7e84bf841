/**
 * OCI image packing (image-spec v1.1: image-layout.md, manifest.md, config.md): layers are gzip
 * blobs whose config `rootfs.diff_ids` hold the sha256 of the uncompressed tar, a manifest points at
 * the config and layers, and an image layout directory (`oci-layout`, `index.json`,
 * `blobs/sha256/<hex>`) lists the manifests with their names. netspec keeps every image it makes in
 * one layout (`~/.cache/netspec/images`): its registry serves blobs from there, and
 * `tar -C DIR -cf x.tar . && ctr images import x.tar` imports it.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import { createGzip } from "node:zlib";

export const MEDIA = {
  index: "application/vnd.oci.image.index.v1+json",
  manifest: "application/vnd.oci.image.manifest.v1+json",
  config: "application/vnd.oci.image.config.v1+json",
  layer: "application/vnd.oci.image.layer.v1.tar+gzip",
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** A layer blob in the layout, with the digest of its uncompressed tar. */
export interface Layer extends Descriptor {
  diffId: string;
}

/** The runtime part of an image config (image-spec config.md `config`). */
export interface RunConfig {
  Entrypoint?: string[];
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
}

const hashing = (h: ReturnType<typeof createHash>, count: { n: number }) =>
  new Transform({
    transform(chunk: Buffer, _enc, done) {
      h.update(chunk);
      count.n += chunk.length;
      done(null, chunk);
    },
  });

export class OciLayout {
  constructor(readonly dir: string) {
    mkdirSync(`${dir}/blobs/sha256`, { recursive: true });
    if (!existsSync(`${dir}/oci-layout`))
      writeFileSync(`${dir}/oci-layout`, JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  }

  blobPath(digest: string): string {
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
    return `${this.dir}/blobs/sha256/${digest.slice(7)}`;
  }

  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }

  /** Store bytes as a blob (content-addressed: the same bytes are stored once). */
  putBlob(data: Uint8Array, mediaType: string): Descriptor {
    const digest = `sha256:${createHash("sha256").update(data).digest("hex")}`;
    if (!this.hasBlob(digest)) this.atomicWrite(this.blobPath(digest), data);
    return { mediaType, digest, size: data.length };
  }

  /** Gzip an uncompressed tar stream into a layer blob, hashing both forms on the way. */
  async putLayer(tar: Readable): Promise<Layer> {
    const diff = createHash("sha256");
    const blob = createHash("sha256");
    const raw = { n: 0 };
    const gz = { n: 0 };
    const tmp = `${this.dir}/blobs/.tmp-${randomBytes(6).toString("hex")}`;
    await pipeline(
      tar,
      hashing(diff, raw),
      createGzip({ level: 6 }),
      hashing(blob, gz),
      createWriteStream(tmp),
    );
    const digest = `sha256:${blob.digest("hex")}`;
    renameSync(tmp, this.blobPath(digest));
    return { mediaType: MEDIA.layer, digest, size: gz.n, diffId: `sha256:${diff.digest("hex")}` };
  }

  /** Write config and manifest for `layers`; returns the manifest's descriptor. */
  putImage(layers: Layer[], run: RunConfig): Descriptor {
    const config = {
      created: "1970-01-01T00:00:00Z",
      architecture: "amd64",
      os: "linux",
      config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], ...run },
      rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
      history: layers.map(() => ({ created: "1970-01-01T00:00:00Z", created_by: "netspec" })),
    };
    const cfg = this.putBlob(Buffer.from(JSON.stringify(config)), MEDIA.config);
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      config: cfg,
      layers: layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
    };
    return this.putBlob(Buffer.from(JSON.stringify(manifest)), MEDIA.manifest);
  }

  index(): { schemaVersion: 2; mediaType: string; manifests: Descriptor[] } {
    const p = `${this.dir}/index.json`;
    if (!existsSync(p)) return { schemaVersion: 2, mediaType: MEDIA.index, manifests: [] };
    return JSON.parse(readFileSync(p, "utf8")) as ReturnType<OciLayout["index"]>;
  }

  /** The manifest listed under `name` (annotation org.opencontainers.image.ref.name). */
  lookup(name: string): Descriptor | undefined {
    return this.index().manifests.find((m) => m.annotations?.["org.opencontainers.image.ref.name"] === name);
  }

  /**
   * List `manifest` under `name` (replacing an older entry of that name), with `ref` as
   * containerd's `io.containerd.image.name` and the cache key the image was built from.
   */
  tag(name: string, manifest: Descriptor, ref: string, key: string): void {
    const idx = this.index();
    const annotations = {
      "org.opencontainers.image.ref.name": name,
      "io.containerd.image.name": ref,
      "netspec.key": key,
    };
    idx.manifests = [
      ...idx.manifests.filter((m) => m.annotations?.["org.opencontainers.image.ref.name"] !== name),
      { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size, annotations },
    ];
    this.atomicWrite(`${this.dir}/index.json`, Buffer.from(JSON.stringify(idx, null, 2)));
  }

  private atomicWrite(path: string, data: Uint8Array): void {
    const tmp = `${path}.tmp-${randomBytes(6).toString("hex")}`;
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  }
}

/** sha256 of a file, streamed. */
export async function fileDigest(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Whether `path` is a non-empty file. */
export function nonEmpty(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0;
}
