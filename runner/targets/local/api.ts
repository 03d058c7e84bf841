/**
 * A minimal JSON client for the local API server, for the kubelet stand-in's many small writes (pod
 * bindings and status, node status, cleanup) where starting a kubectl process per call would cost
 * more than the call. Everything a user wrote still goes through kubectl, as on the other real targets.
 */
import https from "node:https";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export class Api {
  private readonly agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

  constructor(
    private readonly server: string,
    private readonly token: string,
  ) {}

  /** `signal`: a case's (Ctrl-C, its timeout) ends the request instead of waiting on the server. */
  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.call<T>("GET", path, undefined, "application/json", signal);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("POST", path, body);
  }

  /** JSON merge patch (`application/merge-patch+json`). */
  mergePatch<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>("PATCH", path, body, "application/merge-patch+json");
  }

  /** DELETE, a 404 being fine; `now` skips the grace period (what a kubelet's final delete does). */
  delete(path: string, now = false, signal?: AbortSignal): Promise<unknown> {
    const body = now ? { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 } : undefined;
    return this.call("DELETE", path, body, "application/json", signal).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private call<T>(
    method: string,
    path: string,
    body?: unknown,
    type = "application/json",
    signal?: AbortSignal,
  ): Promise<T> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        `${this.server}${path}`,
        {
          method,
          agent: this.agent,
          signal,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: "application/json",
            ...(data ? { "content-type": type, "content-length": Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if ((res.statusCode ?? 500) >= 300) {
              let message = text;
              try {
                message = (JSON.parse(text) as { message?: string }).message ?? text;
              } catch {
                // not a Status object: keep the raw text
              }
              reject(new ApiError(`${method} ${path}: ${res.statusCode}: ${message}`, res.statusCode ?? 500));
            } else resolve((text ? JSON.parse(text) : undefined) as T);
          });
        },
      );
      req.on("error", reject);
      if (data) req.write(data);
      req.end();
    });
  }
}
