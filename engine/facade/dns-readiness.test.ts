import { describe, it, expect } from "vitest";
import { createEngine } from "../index.js";

const corefile = (plugins: string) => ({
  path: "Corefile",
  line: 1,
  column: 1,
  text: `.:53 {\n${plugins}    kubernetes cluster.local\n}\n`,
});

const kubeDnsReady = (e: ReturnType<typeof createEngine>) =>
  [...e.view.pods()]
    .filter((p) => p.metadata.labels["k8s-app"] === "kube-dns")
    .map((p) => p.status.conditions.find((c) => c.type === "Ready")?.status);

describe("CoreDNS readiness follows kubeadm's probe (GET :8181/ready)", () => {
  it("with plugin/ready both replicas are Ready and the Service answers", () => {
    const e = createEngine({ profile: "kubeadm", corefile: corefile("    ready\n") }, { seed: 1 });
    expect(kubeDnsReady(e)).toEqual(["True", "True"]);
    const x = e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" });
    expect(x.reply?.rcode).toBe("NOERROR");
  });

  it("without plugin/ready no replica is Ready, so the DNS Service has no endpoint: refused", () => {
    const e = createEngine({ profile: "kubeadm", corefile: corefile("") }, { seed: 1 });
    expect(kubeDnsReady(e)).toEqual(["False", "False"]);
    expect(e.coredns()).toMatchObject({ replicas: 2 });
    const x = e.dns({ name: "kubernetes.default.svc.cluster.local", type: "A" });
    expect(x.refused).toBe(true);
  });

  it("ready on another port than the probe's is not enough", () => {
    const e = createEngine({ profile: "kubeadm", corefile: corefile("    ready :8282\n") }, { seed: 1 });
    expect(kubeDnsReady(e)).toEqual(["False", "False"]);
  });
});
