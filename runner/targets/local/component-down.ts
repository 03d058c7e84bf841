/**
 * Issue 22's chaos bar: when a component of the local cluster dies during a run (etcd, the API
 * server, a kubelet, containerd, kube-proxy: killed, crashed), the cases it breaks are reported
 * errored with the component named, not with whatever kubectl or a probe said downstream of it
 * ("connection refused" from a dead API server). Nothing restarts it: as on a node whose systemd
 * gave up, later cases error the same way, and the teardown still removes everything.
 */
import { TargetError } from "../target.js";

export interface DownComponent {
  name: string;
  how: string;
  tail: string;
}

function componentDown(dead: DownComponent[], then?: string): TargetError {
  const what = dead.map((d) => `${d.name} ${d.how}`).join(", ");
  return new TargetError(
    `the local cluster lost a component: ${what}${then ? ` (then: ${then.split("\n")[0]})` : ""}`,
    "internal",
    undefined,
    dead.map((d) => `${d.name} ${d.how}; its log ends:\n${d.tail}`).join("\n\n"),
    "target/component-down",
  );
}

/**
 * `op`, refused at once while a component is down, stopped as soon as one goes down while it runs,
 * and with its failure renamed after a component that died meanwhile. The stop matters for etcd: the
 * API server stays up without it, so a kubectl call in flight waits for the server's request
 * timeout (60 s, k8s.io/apiserver options ServerRunOptions RequestTimeout) and a `kubectl wait` or
 * watch for its own deadline; `op` gets a signal that is aborted on the parent's abort (Ctrl-C) and
 * when `down()` first names a component (polled every `pollMs`).
 */
export async function namingDown<T>(
  op: (signal: AbortSignal) => Promise<T>,
  down: () => DownComponent[],
  parent?: AbortSignal,
  pollMs = 500,
): Promise<T> {
  const before = down();
  if (before.length) throw componentDown(before);
  const stop = new AbortController();
  const onAbort = () => stop.abort(parent?.reason);
  parent?.addEventListener("abort", onAbort, { once: true });
  if (parent?.aborted) onAbort();
  const watch = setInterval(() => {
    const dead = down();
    if (dead.length) stop.abort(componentDown(dead));
  }, pollMs);
  try {
    return await op(stop.signal);
  } catch (e) {
    const dead = down();
    if (!dead.length || (e instanceof TargetError && e.kind === "unsupported")) throw e;
    throw componentDown(dead, e instanceof Error ? e.message : String(e));
  } finally {
    clearInterval(watch);
    parent?.removeEventListener("abort", onAbort);
  }
}
