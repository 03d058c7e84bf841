/**
 * `kubectl get pods -n NS -o json` and `kubectl get pod NAME -n NS -o json` answered by the local API
 * server over HTTPS (api.ts), without a kubectl process: the pod-start wait polls these several times
 * per case, and a kubectl process costs 150–400 ms of the machine's two cores where the request costs
 * a few. What comes back is what kubectl prints: a List whose items carry their apiVersion and kind
 * (kubectl's printer fills them in from the list's GroupVersionKind, cli-runtime resource.Info), or
 * the object. Any other `get` goes to kubectl.
 */
import { TargetError, type TargetContext } from "../target.js";
import type { PodRead } from "../kube/index.js";
import { ApiError, Api } from "./api.js";

/** The server and token of the cluster to read (none: kubectl). */
export type ApiAccess = () => { server: string; token: string } | undefined;

/** `client`: how to reach a server (a test's fake; default the HTTPS client). */
export function podReads(
  access: ApiAccess,
  client: (server: string, token: string) => Pick<Api, "get"> = (s, t) => new Api(s, t),
): PodRead {
  const clients = new Map<string, Pick<Api, "get">>();
  return async (args: string[], _ctx: TargetContext) => {
    const path = podPath(args);
    const a = access();
    if (!path || !a) return undefined;
    let api = clients.get(a.server);
    if (!api) clients.set(a.server, (api = client(a.server, a.token)));
    const what = `GET ${path}`;
    try {
      const o = await api.get<{ items?: Record<string, unknown>[] }>(path);
      if (args[0] !== "pods") return { found: o, what: `${what} → 200` };
      const items = (o.items ?? []).map((i) => ({ apiVersion: "v1", kind: "Pod", ...i }));
      return {
        found: { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } },
        what: `${what} → 200`,
      };
    } catch (error) {
      if (error instanceof ApiError && error.status === 404)
        return { found: undefined, what: `${what} → 404` };
      throw new TargetError(`reading pods from the API server failed: ${String(error)}`, "internal");
    }
  };
}

/** The API path of `pods -n NS` / `pod NAME -n NS` (exactly these), else undefined. */
export function podPath(args: string[]): string | undefined {
  const ok = (s: string | undefined): s is string => !!s && /^[a-z0-9][a-z0-9.-]*$/.test(s);
  if (args.length === 3 && args[0] === "pods" && args[1] === "-n" && ok(args[2]))
    return `/api/v1/namespaces/${args[2]}/pods`;
  if (args.length === 4 && args[0] === "pod" && ok(args[1]) && args[2] === "-n" && ok(args[3]))
    return `/api/v1/namespaces/${args[3]}/pods/${args[1]}`;
  return undefined;
}
