/**
 * How the faults that a kind cluster can take without node access are realised with kubectl (the rest
 * are documented in docs/faults.md and reported unsupported). Each returns its undo.
 */
type Sh = (argv: string[], input?: string) => Promise<{ stdout: string }>;
type Realise = (sh: Sh, args: { key?: string; value: string }[]) => Promise<() => Promise<void>>;

async function replicas(sh: Sh): Promise<number> {
  const out = await sh([
    "kubectl",
    "get",
    "deployment",
    "coredns",
    "-n",
    "kube-system",
    "-o",
    "jsonpath={.spec.replicas}",
  ]);
  return Number(out.stdout.trim() || "2");
}

const scaleTo = (sh: Sh, n: number) =>
  sh(["kubectl", "scale", "deployment", "coredns", "-n", "kube-system", `--replicas=${n}`]).then(() =>
    sh(["kubectl", "rollout", "status", "deployment", "coredns", "-n", "kube-system", "--timeout=120s"]),
  );

export const REAL_FAULTS: Record<string, Realise> = {
  "dns-outage": async (sh) => {
    const before = await replicas(sh);
    await scaleTo(sh, 0);
    return async () => void (await scaleTo(sh, before));
  },
  "dns-replicas-down": async (sh, args) => {
    const before = await replicas(sh);
    const down = Number(args.find((a) => a.key === undefined)?.value ?? "1");
    await scaleTo(sh, Math.max(0, before - down));
    return async () => void (await scaleTo(sh, before));
  },
  "dns-selector-mismatch": async (sh) => {
    const sel = (
      await sh([
        "kubectl",
        "get",
        "service",
        "kube-dns",
        "-n",
        "kube-system",
        "-o",
        "jsonpath={.spec.selector}",
      ])
    ).stdout;
    const patch = (selector: string) =>
      sh([
        "kubectl",
        "patch",
        "service",
        "kube-dns",
        "-n",
        "kube-system",
        "--type=merge",
        "-p",
        `{"spec":{"selector":${selector}}}`,
      ]);
    await patch('{"k8s-app":"kube-dns-mismatch"}');
    return async () => void (await patch(sel || '{"k8s-app":"kube-dns"}'));
  },
  // The reload plugin notices the ConfigMap's new Corefile once kubelet has synced the volume (up to a
  // minute: kubelet's syncFrequency plus its ConfigMap cache TTL) and its own check interval has
  // passed; an expectation right after the edit sees the old Corefile, as on the reference.
  "corefile-edit": async (sh, args) => {
    const text = args.find((a) => a.key === "text")?.value;
    if (text === undefined)
      throw new Error("corefile-edit needs the new Corefile: file=PATH or text=COREFILE");
    const cm = ["-n", "kube-system", "configmap", "coredns"];
    const before = (await sh(["kubectl", "get", ...cm, "-o", "jsonpath={.data.Corefile}"])).stdout;
    const put = (corefile: string) =>
      sh(["kubectl", "patch", ...cm, "--type=merge", "-p", JSON.stringify({ data: { Corefile: corefile } })]);
    await put(text);
    return async () => void (await put(before));
  },
};

/**
 * Why the kube targets (kind, an existing cluster) do not realise the other faults of the catalog
 * (engine/faults/catalog.ts; runner/portability/fault-support.test.ts checks that every fault is
 * realised or has a reason here). Everything the kube target does goes through kubectl: nothing
 * reaches a node's processes, its network namespace or the world outside the cluster.
 */
export const UNREALISED_FAULTS: Record<string, string> = {
  "dns-loop": "needs the nodes' kubelet resolv.conf pointed at a local stub (node access)",
  "upstream-unreachable": "the cluster forwards to real upstream resolvers, which the run does not control",
  "upstream-slow": "the cluster forwards to real upstream resolvers, which the run does not control",
  "upstream-servfail": "the cluster forwards to real upstream resolvers, which the run does not control",
  "apiserver-down": "every probe runs through kubectl exec, which needs the API server",
  "dns-operator-down": "not realised yet (OpenShift's dns-operator scaled down against the CVO)",
  "dns-packet-loss": "needs tc netem on the nodes (node access)",
  "cni-missing": "needs a cluster created without a CNI",
  "node-down": "needs the node stopped (docker pause or the kubelet), outside kubectl",
  "pod-not-ready": "a real kubelet re-asserts a pod's Ready condition from its probes",
  "ipam-exhausted": "needs the node's host-local range filled (node access)",
  "kube-proxy-down": "not realised yet (kube-proxy's DaemonSet kept off one node)",
  partition: "needs packets dropped between nodes (node access)",
};
