import { describe, it, expect } from "vitest";
import { testRuntime, yaml } from "../testing.js";
import { ClusterError } from "../cluster-error.js";

function errorOf(fn: () => unknown): ClusterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClusterError) return e;
    throw e;
  }
  throw new Error("expected an ClusterError");
}

const svc = (ports: string, extra = "") => `apiVersion: v1
kind: Service
metadata:
  name: bar
spec:
  selector: {app: x}${extra}
  ports:
${ports}`;

describe("validation errors", () => {
  it("an alias used as a key before its anchor is a located YAML error (found by fuzz/)", () => {
    const e = errorOf(() => testRuntime().apply(yaml(': {{}}\ns: [{*a}]: {[""],[""]}\n', "m.yaml", 1)));
    expect([e.code, e.location?.path, e.location?.line]).toEqual(["manifest/yaml", "m.yaml", 1]);
    // In the words kubectl prints for it (sigs.k8s.io/yaml cannot convert the nil key to JSON).
    expect(e.message).toMatch(
      /^m\.yaml:1: error parsing m\.yaml: error converting YAML to JSON: unsupported map key/,
    );
  });

  it("port out of range, kube style with file:line and field path", () => {
    const rt = testRuntime();
    const e = errorOf(() =>
      rt.apply(yaml(`---\n${svc("  - name: a\n    port: 70000")}`, "manifests/x.yaml", 3)),
    );
    // The apiserver lists every cause: the defaulted targetPort (= port) is out of range too.
    expect(e.message).toBe(
      'manifests/x.yaml:12: Service "bar" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]',
    );
    expect(e.code).toBe("manifest/invalid");
    expect(e.fieldPath).toBe("spec.ports[0].port");
    // The value 70000, in a source whose lines are indented by one column (testing.ts yaml()).
    expect(e.location).toEqual({ path: "manifests/x.yaml", line: 12, column: 12 });
  });

  it("port names required and unique with several ports; ports required", () => {
    const rt = testRuntime();
    expect(errorOf(() => rt.apply(yaml(svc("  - port: 1\n  - name: b\n    port: 2")))).message).toMatch(
      /spec.ports\[0\].name: Required value$/,
    );
    expect(
      errorOf(() => rt.apply(yaml(svc("  - name: a\n    port: 1\n  - name: a\n    port: 2")))).message,
    ).toMatch(/spec.ports\[1\].name: Duplicate value: "a"$/);
    expect(
      errorOf(() =>
        rt.apply(yaml("apiVersion: v1\nkind: Service\nmetadata: {name: bar}\nspec: {ports: []}\n")),
      ).message,
    ).toMatch(/spec.ports: Required value$/);
  });

  it("namespace must exist; unknown kinds are errors", () => {
    const rt = testRuntime();
    const e = errorOf(() =>
      rt.apply(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: nope}\n")),
    );
    expect(e.message).toBe('manifests/x.yaml:3: namespaces "nope" not found');
    // Secrets are served (and stored); a kind no server serves is kubectl's mapping error.
    rt.apply(yaml("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n"));
    expect(rt.store.get("Secret", "default", "s")).toBeDefined();
    const k = errorOf(() => rt.apply(yaml("apiVersion: v1\nkind: Sekret\nmetadata: {name: s}\n")));
    expect(k.message).toMatch(
      /^manifests\/x.yaml:2: resource mapping not found for name: "s" namespace: "" from "manifests\/x.yaml": no matches for kind "Sekret" in version "v1"/,
    );
  });

  it("dnsPolicy None needs nameservers; dnsConfig limits", () => {
    const rt = testRuntime();
    const pod = (spec: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: x}]\n${spec}`;
    expect(errorOf(() => rt.apply(yaml(pod("  dnsPolicy: None")))).message).toMatch(
      /spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None/,
    );
    expect(
      errorOf(() => rt.apply(yaml(pod("  dnsConfig: {nameservers: [1.1.1.1, 1.1.1.2, 1.1.1.3, 1.1.1.4]}"))))
        .message,
    ).toMatch(
      /spec.dnsConfig.nameservers: Invalid value: \[\]string\{"1.1.1.1", .*\}: must not have more than 3 nameservers/,
    );
  });

  it("NetworkPolicy defaulting and validation", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a}\nspec:\n  podSelector: {}\n  egress: [{}]\n",
      ),
    );
    expect([...rt.store.networkPoliciesIn("default")][0]!.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    const np = (rule: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b}\nspec:\n  podSelector: {}\n  ingress:\n  - ${rule}\n`;
    expect(
      errorOf(() => rt.apply(yaml(np("from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]")))).message,
    ).toMatch(/spec.ingress\[0\].from\[0\]: Forbidden/);
    // networking/validation ValidateNetworkPolicyPort's words (the value printed for endPort < port
    // is the port, as upstream prints it).
    expect(errorOf(() => rt.apply(yaml(np("ports: [{endPort: 90}]")))).message).toMatch(
      /spec.ingress\[0\].ports\[0\].endPort: Invalid value: 90: may not be specified when `port` is not specified/,
    );
    expect(errorOf(() => rt.apply(yaml(np("ports: [{port: 100, endPort: 90}]")))).message).toMatch(
      /endPort: Invalid value: 100: must be greater than or equal to `port`/,
    );
    expect(errorOf(() => rt.apply(yaml(np("ports: [{port: http, endPort: 90}]")))).message).toMatch(
      /endPort: Invalid value: 90: may not be specified when `port` is non-numeric/,
    );
  });
});

describe("allocation", () => {
  it("honours requested IPs, rejects taken and out-of-range ones", () => {
    const rt = testRuntime();
    rt.apply(yaml(svc("  - port: 80", "\n  clusterIP: 10.96.5.5")));
    expect(rt.store.service("default", "bar")!.spec.clusterIPs).toEqual(["10.96.5.5"]);
    const other = svc("  - port: 80", "\n  clusterIP: 10.96.5.5").replace("name: bar", "name: baz");
    // alloc.go allocIPs: the whole clusterIPs list, and the allocator's reason.
    expect(errorOf(() => rt.apply(yaml(other))).message).toMatch(
      /spec.clusterIPs: Invalid value: \[\]string\{"10.96.5.5"\}: failed to allocate IP 10.96.5.5: provided IP is already allocated/,
    );
    const far = other.replace("10.96.5.5", "10.0.0.1");
    expect(errorOf(() => rt.apply(yaml(far))).message).toMatch(
      /the provided IP \(10.0.0.1\) is not in the valid range. The range of valid IPs is 10.96.0.0\/12/,
    );
    // Re-applying keeps the IP (apply semantics, not a conflict).
    rt.apply(yaml(svc("  - port: 81")));
    expect(rt.store.service("default", "bar")!.spec.clusterIPs).toEqual(["10.96.5.5"]);
  });

  it("is deterministic per seed and skips reserved addresses; NodePorts in range", () => {
    const ips = (seed: number) => {
      const rt = testRuntime({ profile: "kubeadm" }, seed);
      rt.apply(yaml(svc("  - port: 80", "\n  type: NodePort")));
      const s = rt.store.service("default", "bar")!;
      return [s.spec.clusterIP, s.spec.ports[0]!.nodePort];
    };
    expect(ips(5)).toEqual(ips(5));
    const [ip, np] = ips(5);
    expect(ip).not.toBe("10.96.0.10");
    expect(np).toBeGreaterThanOrEqual(30000);
    expect(np).toBeLessThanOrEqual(32767);
  });

  it("IPAM exhaustion leaves pods Pending with host-local's message", () => {
    const rt = testRuntime({
      profile: "custom",
      serviceCidrs: ["10.96.0.0/16"],
      podCidrs: ["10.244.0.0/16"],
      hostPrefix: 30,
      nodes: 1,
    });
    // /30: .2 only (gateway .1, broadcast .3); the two CoreDNS pods already compete for it.
    const pods = [...rt.store.pods()];
    const pending = pods.filter((p) => p.status.phase === "Pending");
    expect(pending).toHaveLength(1);
    expect(pending[0]!.status.reason).toBe("IPAMExhausted");
    expect(pending[0]!.status.message).toBe(
      "failed to allocate for range 0: no IP addresses available in range set: 10.244.0.2-10.244.0.2",
    );
  });
});

describe("scale", () => {
  it("loads 10k pods and 1k services", () => {
    const rt = testRuntime({ profile: "kubeadm", nodes: 50, podCidrs: ["10.0.0.0/8"] });
    const docs: string[] = [];
    for (let s = 0; s < 1000; s++) {
      docs.push(
        `apiVersion: v1\nkind: Service\nmetadata: {name: s${s}, namespace: default}\nspec: {selector: {app: a${s}}, ports: [{port: 80}]}`,
      );
      for (let p = 0; p < 10; p++)
        docs.push(
          `apiVersion: v1\nkind: Pod\nmetadata: {name: p${s}-${p}, namespace: default, labels: {app: a${s}}}\nspec: {containers: [{name: c, image: x}]}`,
        );
    }
    rt.apply(yaml(docs.join("\n---\n")));
    expect(rt.store.endpointSlicesFor("default", "s999")[0]!.endpoints).toHaveLength(10);
    // A bound against pathological slowness, not a benchmark (bench/ measures load time).
  }, 120_000);
});

describe("names", () => {
  it("service names are DNS-1035 labels", () => {
    const rt = testRuntime();
    const e = errorOf(() =>
      rt.apply(yaml("apiVersion: v1\nkind: Service\nmetadata: {name: 1abc}\nspec: {ports: [{port: 80}]}\n")),
    );
    expect(e.message).toMatch(
      /^manifests\/x.yaml:3: Service "1abc" is invalid: metadata.name: Invalid value: "1abc": a DNS-1035 label/,
    );
  });
});
