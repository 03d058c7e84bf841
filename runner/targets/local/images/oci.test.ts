import { execa } from "execa";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MEDIA, OciLayout } from "./oci.js";
import { tarArchive } from "./tar.js";

const sha = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

describe("the OCI packer", () => {
  it("writes a layer GNU tar reads back: owners 0, mtime 0, modes, long paths and symlinks", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-tar-"));
    const long = `usr/${"d".repeat(90)}/file`;
    const tar = tarArchive([
      { path: "usr", type: "dir", mode: 0o755 },
      { path: `usr/${"d".repeat(90)}`, type: "dir", mode: 0o755 },
      { path: long, type: "file", mode: 0o644, data: Buffer.from("hello\n") },
      { path: "pause", type: "file", mode: 0o755, data: Buffer.alloc(1000, 7) },
      { path: "bin-link", type: "symlink", mode: 0o777, linkname: "pause" },
    ]);
    writeFileSync(`${dir}/l.tar`, tar);
    const list = await execa("tar", ["--numeric-owner", "--full-time", "-tvf", `${dir}/l.tar`]);
    expect(String(list.stdout).split("\n")).toEqual([
      "drwxr-xr-x 0/0               0 1970-01-01 00:00:00 usr/",
      `drwxr-xr-x 0/0               0 1970-01-01 00:00:00 usr/${"d".repeat(90)}/`,
      `-rw-r--r-- 0/0               6 1970-01-01 00:00:00 ${long}`,
      "-rwxr-xr-x 0/0            1000 1970-01-01 00:00:00 pause",
      "lrwxrwxrwx 0/0               0 1970-01-01 00:00:00 bin-link -> pause",
    ]);
    const x = await execa("tar", ["-xOf", `${dir}/l.tar`, long]);
    expect(String(x.stdout)).toBe("hello");
  });

  it("packs a layout: gzip layer whose diff_id is the tar's sha256, config, manifest and a named index entry", async () => {
    const layout = new OciLayout(mkdtempSync(join(tmpdir(), "netspec-oci-")));
    const tar = tarArchive([{ path: "pause", type: "file", mode: 0o755, data: Buffer.from("#!pause") }]);
    const layer = await layout.putLayer(Readable.from([tar]));
    const blob = readFileSync(layout.blobPath(layer.digest));
    expect(layer).toEqual({ mediaType: MEDIA.layer, digest: sha(blob), size: blob.length, diffId: sha(tar) });
    expect(gunzipSync(blob).equals(tar)).toBe(true);
    const m = layout.putImage([layer], { Entrypoint: ["/pause"] });
    layout.tag("pause", m, "registry.k8s.io/pause:3.10", "k1");
    const manifest = JSON.parse(readFileSync(layout.blobPath(m.digest), "utf8"));
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      mediaType: MEDIA.manifest,
      layers: [{ digest: layer.digest, size: layer.size }],
    });
    const config = JSON.parse(readFileSync(layout.blobPath(manifest.config.digest), "utf8"));
    expect(config).toMatchObject({
      os: "linux",
      architecture: "amd64",
      rootfs: { type: "layers", diff_ids: [sha(tar)] },
    });
    expect(config.config.Entrypoint).toEqual(["/pause"]);
    expect(JSON.parse(readFileSync(`${layout.dir}/oci-layout`, "utf8"))).toEqual({
      imageLayoutVersion: "1.0.0",
    });
    const index = layout.index();
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]!.annotations).toEqual({
      "org.opencontainers.image.ref.name": "pause",
      "io.containerd.image.name": "registry.k8s.io/pause:3.10",
      "netspec.key": "k1",
    });
    // Same inputs, same bytes: the image is reproducible, and re-tagging replaces the entry.
    expect(layout.putImage([layer], { Entrypoint: ["/pause"] }).digest).toBe(m.digest);
    layout.tag("pause", m, "registry.k8s.io/pause:3.10", "k2");
    expect(layout.index().manifests.map((x) => x.annotations?.["netspec.key"])).toEqual(["k2"]);
  });
});
