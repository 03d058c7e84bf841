/**
 * The kubectl calls the local target answers from its API server over HTTPS (api.ts) instead of
 * starting kubectl: the pod-start wait polls `get pods` several times per case, and every case ends
 * with a namespace delete. A kubectl process costs 100–400 ms of the machine's two cores; the
 * request a few. What comes back is what kubectl would exit with and print:
 * - `get pods -n NS -o json`: a List whose items carry apiVersion and kind (kubectl's printer fills
 *   them in, cli-runtime pkg/resource); `get pod NAME -n NS -o json`: the object; a missing pod exits
 *   1 with `Error from server (NotFound): pods "NAME" not found`.
 * - `delete namespace N --wait=false --ignore-not-found`: `namespace "N" deleted`, nothing when it
 *   was not there.
 * Anything else, or another cluster than the current one, goes to kubectl.
 */
import type { CommandResult, KubectlShortcut } from "../kube/index.js";
import { Api, ApiError } from "./api.js";

/** The current cluster: its kubeconfig, API server and token (none: kubectl). */
export type ApiAccess = () => { kubeconfig: string; server: string; token: string } | undefined;

type Client = Pick<Api, "get" | "delete">;
type Answer = (api: Client, signal: AbortSignal) => Promise<CommandResult>;

/** `client`: how to reach a server (a test's fake; default the HTTPS client). */
export function apiShortcuts(
  access: ApiAccess,
  client: (server: string, token: string) => Client = (s, t) => new Api(s, t),
): KubectlShortcut {
  const clients = new Map<string, Client>();
  return async (argv, ctx, kubeconfig) => {
    const a = access();
    const call = a && a.kubeconfig === kubeconfig ? shortcut(argv) : undefined;
    if (!a || !call) return undefined;
    let api = clients.get(a.server);
    if (!api) clients.set(a.server, (api = client(a.server, a.token)));
    try {
      return { ...(await call.answer(api, ctx.signal)), what: call.what };
    } catch (error) {
      return { code: 1, stdout: "", stderr: `error: ${String(error)}`, what: call.what };
    }
  };
}

const NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;
const ok = (s: string | undefined): s is string => s !== undefined && NAME.test(s);
const json = (o: unknown): CommandResult => ({
  code: 0,
  stdout: `${JSON.stringify(o, null, 4)}\n`,
  stderr: "",
});

/** The request for `argv`, when it is one of the calls above exactly. */
export function shortcut(argv: string[]): { what: string; answer: Answer } | undefined {
  const [verb, ...rest] = argv;
  const line = rest.join(" ");
  let m: RegExpExecArray | null;
  if (verb === "get" && (m = /^pods -n (\S+) -o json$/.exec(line)) && ok(m[1])) {
    const path = `/api/v1/namespaces/${m[1]}/pods`;
    return { what: `GET ${path}`, answer: (api, signal) => podList(api, path, signal) };
  }
  if (verb === "get" && (m = /^pod (\S+) -n (\S+) -o json$/.exec(line)) && ok(m[1]) && ok(m[2])) {
    const [pod, path] = [m[1], `/api/v1/namespaces/${m[2]}/pods/${m[1]}`];
    return { what: `GET ${path}`, answer: (api, signal) => onePod(api, path, pod, signal) };
  }
  if (verb === "delete" && (m = /^namespace (\S+) --wait=false --ignore-not-found$/.exec(line)) && ok(m[1])) {
    const [ns, path] = [m[1], `/api/v1/namespaces/${m[1]}`];
    return { what: `DELETE ${path}`, answer: (api, signal) => deleteNamespace(api, path, ns, signal) };
  }
  return undefined;
}

async function podList(api: Client, path: string, signal: AbortSignal): Promise<CommandResult> {
  const o = await api.get<{ items?: Record<string, unknown>[] }>(path, signal);
  const items = (o.items ?? []).map((i) => ({ apiVersion: "v1", kind: "Pod", ...i }));
  return json({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } });
}

async function onePod(api: Client, path: string, pod: string, signal: AbortSignal): Promise<CommandResult> {
  try {
    return json(await api.get(path, signal));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    return { code: 1, stdout: "", stderr: `Error from server (NotFound): pods "${pod}" not found\n` };
  }
}

async function deleteNamespace(
  api: Client,
  path: string,
  ns: string,
  signal: AbortSignal,
): Promise<CommandResult> {
  // Api.delete answers undefined for a 404: --ignore-not-found prints nothing then.
  const gone = await api.delete(path, false, signal);
  return { code: 0, stdout: gone === undefined ? "" : `namespace "${ns}" deleted\n`, stderr: "" };
}
