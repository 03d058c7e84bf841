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
 * `op`, refused at once while a component is down (kubectl against an API server without etcd
 * would wait a minute per call), and with its failure renamed after a component that died meanwhile.
 */
export async function namingDown<T>(op: () => Promise<T>, down: () => DownComponent[]): Promise<T> {
  const before = down();
  if (before.length) throw componentDown(before);
  try {
    return await op();
  } catch (e) {
    const dead = down();
    if (!dead.length || (e instanceof TargetError && e.kind === "unsupported")) throw e;
    throw componentDown(dead, e instanceof Error ? e.message : String(e));
  }
}
