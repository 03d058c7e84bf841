/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy on real clusters: a manifest using them needs
 * their CRDs, which most clusters do not ship (kind, kubeadm; OVN-Kubernetes and OpenShift do). Before
 * such a manifest is applied, each CRD it needs is looked up (`kubectl get crd NAME`); one the cluster
 * lacks is installed — the v0.1.7 definitions the reference engine admits against, handed in by the
 * composition root since this target never imports the engine — and waited for until Established,
 * as `kubectl apply` of a custom resource right after its CRD fails otherwise ("no matches for kind").
 * A CRD already there is left as the cluster has it.
 */
import type { TargetContext } from "../target.js";
import type { Kubectl } from "./kubectl.js";

export interface PolicyCrd {
  name: string;
  kind: string;
  manifest: string;
}

/** The kinds a YAML stream's documents declare (`kind: X` at the top level of a document). */
function declaredKinds(text: string): Set<string> {
  const kinds = new Set<string>();
  for (const m of text.matchAll(/^kind:\s*["']?([A-Za-z]+)["']?\s*$/gm)) kinds.add(m[1]!);
  // JSON documents (`"kind":"X"`) and flow-style YAML (`{kind: X, ...}`).
  for (const m of text.matchAll(
    /["']?kind["']?\s*:\s*["']?(AdminNetworkPolicy|BaselineAdminNetworkPolicy)\b/g,
  ))
    kinds.add(m[1]!);
  return kinds;
}

export class PolicyCrds {
  /** CRDs known to be on the cluster (found or installed) during this run. */
  private readonly present = new Set<string>();

  constructor(private readonly crds: PolicyCrd[]) {}

  /** Installs the CRDs `text` needs and the cluster lacks; returns the names installed. */
  async ensure(text: string, kubectl: Kubectl, ctx: TargetContext): Promise<string[]> {
    const kinds = declaredKinds(text);
    const installed: string[] = [];
    for (const crd of this.crds) {
      if (!kinds.has(crd.kind) || this.present.has(crd.name)) continue;
      const found = await kubectl.getJson(["crd", crd.name], ctx);
      if (!found) {
        ctx.log(`kube: the cluster has no ${crd.name}; installing the network-policy-api v0.1.7 CRD`);
        await kubectl.apply(crd.manifest, ctx);
        await kubectl.run(
          ["kubectl", "wait", "--for=condition=Established", `crd/${crd.name}`, "--timeout=60s"],
          ctx,
        );
        installed.push(crd.name);
      }
      this.present.add(crd.name);
    }
    return installed;
  }

  /** A new cluster (kind creates one per block): what was found before says nothing about it. */
  forget(): void {
    this.present.clear();
  }
}
