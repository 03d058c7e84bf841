/**
 * `expect coredns` on a real cluster: the cluster DNS pods as the API server reports them and their
 * logs. kubeadm and kind run them as kube-system's `coredns` Deployment, labelled k8s-app=kube-dns
 * (kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go); OpenShift's DNS operator as the
 * openshift-dns `dns-default` DaemonSet, labelled dns.operator.openshift.io/daemonset-dns=default
 * (openshift/cluster-dns-operator pkg/operator/controller/controller_dns_daemonset.go). The status
 * reads like the engine's: CrashLoopBackOff when a container is waiting in that state (or the kubelet
 * shows it terminated), Running when every pod is Ready, NotReady otherwise.
 */
import type { CorednsObs } from "../../../observation.js";
import type { TargetContext } from "../../target.js";
import type { Kubectl } from "../kubectl.js";
import type { KubeProbeEnv } from "./context.js";

interface ContainerState {
  waiting?: { reason?: string };
  running?: unknown;
  terminated?: { reason?: string };
}

interface DnsPod {
  metadata: { name: string; deletionTimestamp?: string };
  status?: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: { state?: ContainerState; restartCount?: number }[];
  };
}

const DEPLOYMENTS = [
  { namespace: "kube-system", selector: "k8s-app=kube-dns" },
  { namespace: "openshift-dns", selector: "dns.operator.openshift.io/daemonset-dns=default" },
];

async function dnsPods(kubectl: Kubectl, ctx: TargetContext): Promise<{ namespace: string; pods: DnsPod[] }> {
  for (const d of DEPLOYMENTS) {
    const list = await kubectl.getJson<{ items: DnsPod[] }>(
      ["pods", "-n", d.namespace, "-l", d.selector],
      ctx,
    );
    const pods = (list?.items ?? []).filter((p) => !p.metadata.deletionTimestamp);
    if (pods.length) return { namespace: d.namespace, pods };
  }
  return { namespace: "kube-system", pods: [] };
}

const isReady = (p: DnsPod) =>
  p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

function crashing(p: DnsPod): boolean {
  return (p.status?.containerStatuses ?? []).some(
    (c) => c.state?.waiting?.reason === "CrashLoopBackOff" || c.state?.terminated !== undefined,
  );
}

/** Each pod's log, and the previous container's for a pod that restarted (where a crash is told). */
async function logsOf(
  kubectl: Kubectl,
  namespace: string,
  pods: DnsPod[],
  ctx: TargetContext,
): Promise<string[]> {
  const out: string[] = [];
  for (const p of pods) {
    const restarted = (p.status?.containerStatuses ?? []).some((c) => (c.restartCount ?? 0) > 0);
    for (const previous of restarted ? [true, false] : [false]) {
      const argv = ["kubectl", "logs", "-n", namespace, p.metadata.name, "--tail=200"];
      const r = await kubectl.run(previous ? [...argv, "--previous"] : argv, ctx, { allowFailure: true });
      if (r.code === 0) out.push(...r.stdout.split("\n").filter(Boolean));
    }
  }
  return out;
}

export async function observeCoredns(env: KubeProbeEnv, ctx: TargetContext): Promise<CorednsObs> {
  const { namespace, pods } = await dnsPods(env.kubectl, ctx);
  const ready = pods.filter(isReady).length;
  const status = pods.some(crashing)
    ? "CrashLoopBackOff"
    : pods.length > 0 && ready === pods.length
      ? "Running"
      : "NotReady";
  return {
    kind: "coredns",
    status,
    ready: status === "Running",
    replicas: pods.length,
    readyReplicas: ready,
    log: await logsOf(env.kubectl, namespace, pods, ctx),
  };
}
