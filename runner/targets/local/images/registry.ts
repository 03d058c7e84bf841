/**
 * A read-only OCI distribution registry (distribution-spec v1.1, the pull endpoints only) over the
 * images netspec made: containerd on every node mirrors every registry host to it (hosts.toml), so
 * `imagePullPolicy: Always` pulls succeed and nothing reaches the internet.
 *
 * Every repository name and tag is answered: names whose last segment is `pause`, `coredns` or
 * `agnhost` with those images, every other name with the base image (a Debian root filesystem with
 * agnhost). A manifest asked for by digest is served only when it is one of ours: the digest of
 * someone else's manifest cannot be answered honestly (containerd checks it), so such a pull fails
 * with MANIFEST_UNKNOWN and the pod reports ErrImagePull.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import type { ImageName } from "./images.js";
import { MEDIA, OciLayout, type Descriptor } from "./oci.js";

/** Which of our images answers repository `repo` (e.g. `e2e-test-images/agnhost`, `library/nginx`). */
export function imageFor(repo: string): ImageName {
  const last = repo.split("/").pop() ?? "";
  if (last === "pause" || last === "coredns" || last === "agnhost") return last;
  return "base";
}

export interface RegistryContent {
  layout: string;
  manifests: Record<ImageName, Descriptor>;
}

/** One request the registry answered, for the run's registry log. */
export interface RegistryHit {
  method: string;
  path: string;
  status: number;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function error(res: http.ServerResponse, status: number, code: string, message: string, head: boolean): void {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function sendBlob(res: http.ServerResponse, path: string, type: string, digest: string, head: boolean): void {
  const size = statSync(path).size;
  res.writeHead(200, {
    "content-type": type,
    "content-length": size,
    "docker-content-digest": digest,
    etag: `"${digest}"`,
  });
  if (head) res.end();
  else createReadStream(path).pipe(res);
}

/** The request handler over `content` (exported for tests; `serveRegistry` listens with it). */
export function registryHandler(content: RegistryContent, onHit?: (hit: RegistryHit) => void): Handler {
  const layout = new OciLayout(content.layout);
  const ours = new Set(Object.values(content.manifests).map((m) => m.digest));
  return (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const head = req.method === "HEAD";
    res.on("finish", () => onHit?.({ method: req.method ?? "?", path, status: res.statusCode }));
    res.setHeader("docker-distribution-api-version", "registry/2.0");
    if (req.method !== "GET" && !head)
      return error(res, 405, "UNSUPPORTED", "this registry is read-only", head);
    if (path === "/v2/" || path === "/v2") {
      res.writeHead(200, { "content-type": "application/json", "content-length": 2 });
      return void res.end(head ? undefined : "{}");
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    if (manifest) {
      const [, repo, ref] = manifest as unknown as [string, string, string];
      const desc = ref.startsWith("sha256:")
        ? ours.has(ref)
          ? { digest: ref, mediaType: MEDIA.manifest }
          : undefined
        : content.manifests[imageFor(repo)];
      if (!desc || !layout.hasBlob(desc.digest))
        return error(res, 404, "MANIFEST_UNKNOWN", `manifest ${ref} is not one netspec made`, head);
      return sendBlob(res, layout.blobPath(desc.digest), desc.mediaType, desc.digest, head);
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(path);
    if (blob) {
      const digest = blob[2]!;
      if (!existsSync(layout.blobPath(digest)))
        return error(res, 404, "BLOB_UNKNOWN", `no blob ${digest}`, head);
      return sendBlob(res, layout.blobPath(digest), "application/octet-stream", digest, head);
    }
    return error(res, 404, "NAME_UNKNOWN", `no such endpoint: ${path}`, head);
  };
}

/** Serve the registry on a Unix socket path or a TCP host:port; resolves once listening. */
export async function serveRegistry(
  content: RegistryContent,
  listen: { path: string } | { host: string; port: number },
  onHit?: (hit: RegistryHit) => void,
): Promise<{ server: http.Server; close: () => Promise<void> }> {
  const server = http.createServer(registryHandler(content, onHit));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if ("path" in listen) server.listen(listen.path, resolve);
    else server.listen(listen.port, listen.host, resolve);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
