/**
 * Where a walk "from node N" runs on the local cluster: a host-network pod pinned to N with
 * `dnsPolicy: Default`, so it is in the node's network namespace and the kubelet gives it the node's
 * own resolv.conf (pkg/kubelet/network/dns/dns.go, getPodDNSType: Default uses the kubelet's
 * --resolv-conf) — what a person gets with `docker exec` into a kind node, here with the base image's
 * getent, lookup helpers and tcpdump. One per node, in kube-system (never renamed or emptied by a
 * case), started on first use and kept until the cluster goes.
 */
import { pauseProbePod, type Kubectl } from "../kube/index.js";
import { TargetError, type TargetContext } from "../target.js";
import { IMAGE_REFS } from "./images/index.js";
import { InFlight } from "../in-flight.js";

const NAMESPACE = "kube-system";

/**
 * Not a kube ProbePods (whose pod manifest it shares, pauseProbePod), on purpose: that one is a plain
 * pod per namespace, deleted at the end of the run; this one is one per node in kube-system, on the
 * host's network, waited for until Ready and kept until the cluster goes, no case deleting it.
 */
export class NodeProbePods {
  private readonly started = new Set<string>();
  /** Cases running at once start one probe pod per node. */
  private readonly starting = new InFlight();

  /** The probe pod on `node` of the cluster `kubectl` points at (started and waited for when missing). */
  async ensure(
    kubectl: Kubectl,
    node: string,
    ctx: TargetContext,
  ): Promise<{ namespace: string; name: string }> {
    const name = `netspec-node-probe-${node}`
      .slice(0, 63)
      .replace(/[^a-z0-9-]/g, "-")
      .replace(/-+$/, "");
    const key = `${kubectl.kubeconfig}|${name}`;
    if (!this.started.has(key)) await this.starting.run(key, () => this.start(kubectl, node, name, ctx));
    this.started.add(key);
    return { namespace: NAMESPACE, name };
  }

  private async start(kubectl: Kubectl, node: string, name: string, ctx: TargetContext): Promise<void> {
    const pod = pauseProbePod(name, NAMESPACE, IMAGE_REFS.base, {
      nodeName: node,
      hostNetwork: true,
      dnsPolicy: "Default",
      tolerations: [{ operator: "Exists" }],
    });
    await kubectl.apply(JSON.stringify(pod), ctx);
    const r = await kubectl.run(
      ["kubectl", "wait", "--for=condition=Ready", `pod/${name}`, "-n", NAMESPACE, "--timeout=90s"],
      ctx,
      { allowFailure: true },
    );
    if (r.code !== 0)
      throw new TargetError(
        `the probe pod on node ${node} did not become Ready: ${(r.stderr || r.stdout).trim()}`,
        "internal",
      );
  }
}
