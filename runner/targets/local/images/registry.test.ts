import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImageName } from "./images.js";
import { OciLayout, type Descriptor } from "./oci.js";
import { imageFor, serveRegistry } from "./registry.js";
import { tarArchive } from "./tar.js";

describe("the read-only registry", () => {
  let base = "";
  let close: () => Promise<void> = async () => {};
  const manifests = {} as Record<ImageName, Descriptor>;
  const layers: Record<string, string> = {};
  const hits: string[] = [];

  beforeAll(async () => {
    const layout = new OciLayout(mkdtempSync(join(tmpdir(), "netspec-reg-")));
    for (const name of ["pause", "base", "agnhost", "coredns"] as ImageName[]) {
      const l = await layout.putLayer(
        Readable.from([tarArchive([{ path: name, type: "file", mode: 0o755, data: Buffer.from(name) }])]),
      );
      layers[name] = l.digest;
      manifests[name] = layout.putImage([l], { Cmd: [`/${name}`] });
    }
    const r = await serveRegistry({ layout: layout.dir, manifests }, { host: "127.0.0.1", port: 0 }, (h) =>
      hits.push(`${h.method} ${h.path} ${h.status}`),
    );
    base = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}`;
    close = r.close;
  });
  afterAll(() => close());

  it("answers the version check", async () => {
    const r = await fetch(`${base}/v2/`);
    expect(r.status).toBe(200);
    expect(r.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
  });

  it("maps repository names to our images, everything unknown to the base image", () => {
    expect(
      ["pause", "coredns/coredns", "e2e-test-images/agnhost", "library/nginx", "busybox", "x/y/z"].map(
        imageFor,
      ),
    ).toEqual(["pause", "coredns", "agnhost", "base", "base", "base"]);
  });

  it("serves any tag of any name as a manifest with its digest, HEAD without a body", async () => {
    const head = await fetch(`${base}/v2/library/nginx/manifests/1.27?ns=docker.io`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("docker-content-digest")).toBe(manifests.base.digest);
    expect(head.headers.get("content-type")).toBe("application/vnd.oci.image.manifest.v1+json");
    expect(Number(head.headers.get("content-length"))).toBe(manifests.base.size);
    const get = await fetch(`${base}/v2/e2e-test-images/agnhost/manifests/2.45`);
    const body = Buffer.from(await get.arrayBuffer());
    expect(`sha256:${createHash("sha256").update(body).digest("hex")}`).toBe(manifests.agnhost.digest);
    expect(JSON.parse(body.toString()).layers[0].digest).toBe(layers.agnhost);
  });

  it("serves our manifests by digest and refuses a digest that is not ours", async () => {
    expect((await fetch(`${base}/v2/anything/manifests/${manifests.pause.digest}`)).status).toBe(200);
    const foreign = await fetch(`${base}/v2/library/nginx/manifests/sha256:${"a".repeat(64)}`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe(
      "MANIFEST_UNKNOWN",
    );
  });

  it("serves blobs by digest, 404 for unknown ones, and is read-only", async () => {
    const blob = await fetch(`${base}/v2/pause/blobs/${layers.pause}`);
    const bytes = Buffer.from(await blob.arrayBuffer());
    expect(`sha256:${createHash("sha256").update(bytes).digest("hex")}`).toBe(layers.pause);
    expect((await fetch(`${base}/v2/pause/blobs/sha256:${"0".repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${base}/v2/pause/blobs/uploads/`, { method: "POST" })).status).toBe(405);
    expect(hits).toContain(`POST /v2/pause/blobs/uploads/ 405`);
  });
});
