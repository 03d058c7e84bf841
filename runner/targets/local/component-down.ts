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

/** `p`, with its failure renamed after the components that are down (if any). */
export async function namingDown<T>(p: Promise<T>, down: () => DownComponent[]): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const dead = down();
    if (!dead.length || (e instanceof TargetError && e.kind === "unsupported")) throw e;
    const what = dead.map((d) => `${d.name} ${d.how}`).join(", ");
    const message = e instanceof Error ? e.message : String(e);
    throw new TargetError(
      `the local cluster lost a component: ${what} (then: ${message.split("\n")[0]})`,
      "internal",
      undefined,
      dead.map((d) => `${d.name} ${d.how}; its log ends:\n${d.tail}`).join("\n\n"),
      "target/component-down",
    );
  }
}
