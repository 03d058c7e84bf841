import { describe, expect, it } from "vitest";
import { testRuntime, yaml } from "../testing.js";
import { ClusterError } from "../cluster-error.js";
import { ClusterRuntime } from "../runtime.js";
import { buildProfile } from "../profiles/index.js";
import { createClock, createRng } from "../../support/index.js";

function refusal(fn: () => unknown): ClusterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClusterError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

const service = (spec: string, meta = "name: s") =>
  `apiVersion: v1\nkind: Service\nmetadata: {${meta}}\nspec:\n${spec}`;
const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${spec}`;

describe("admission as kube-apiserver 1.31 does it", () => {
  it("annotations total at most 256 KiB of UTF-8, the last-applied copy included (ValidateAnnotationsSize)", () => {
    const rt = testRuntime();
    // "é" is 2 bytes: 50,000 of them (twice, with the last-applied copy) stay under the limit though
    // 3 bytes per UTF-16 unit would not; 70,000 go over.
    const cm = (name: string, n: number) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations: {big: ${"é".repeat(n)}}`;
    rt.apply(yaml(cm("under", 50_000)));
    expect(rt.store.get("ConfigMap", "default", "under")).toBeDefined();
    expect(refusal(() => rt.apply(yaml(cm("over", 70_000)))).message).toMatch(
      /metadata.annotations: Too long: must have at most 262144 bytes/,
    );
  });

  it("Service port names are DNS-1123 labels (63 characters), not IANA service names", () => {
    const rt = testRuntime();
    rt.apply(yaml(service("  ports: [{name: service-port-tcp-80, port: 80}]")));
    expect(rt.store.service("default", "s")!.spec.ports[0]!.name).toBe("service-port-tcp-80");
    expect(
      refusal(() => rt.apply(yaml(service("  ports: [{name: HTTP, port: 80}]", "name: t")))).message,
    ).toMatch(/spec.ports\[0\].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of/);
  });

  it("defaults empty strings where SetDefaults_* does: type, protocol, dnsPolicy", () => {
    const rt = testRuntime();
    rt.apply(yaml(service('  type: ""\n  ports: [{port: 80, protocol: ""}]')));
    const s = rt.store.service("default", "s")!;
    expect([s.spec.type, s.spec.ports[0]!.protocol]).toEqual(["ClusterIP", "TCP"]);
    rt.apply(yaml(pod('  dnsPolicy: ""\n  containers: [{name: c, image: x}]')));
    expect(rt.store.pod("default", "p")!.spec.dnsPolicy).toBe("ClusterFirst");
  });

  it("refuses unknown fields as strict field validation does, each located, with a did-you-mean", () => {
    const rt = testRuntime();
    const e = refusal(() =>
      rt.apply(yaml(service("  selctor: {app: a}\n  ports: [{port: 80, protocl: TCP}]"))),
    );
    expect(e.message).toBe(
      [
        'manifests/x.yaml:6: Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].protocl", unknown field "spec.selctor"',
        '  help: did you mean "protocol"?',
        '  help: did you mean "selector"?',
      ].join("\n"),
    );
    const issues = e.issues as { location: { line: number }; fieldPath: string; help?: string }[];
    expect(issues.map((i) => [i.location.line, i.fieldPath, i.help])).toEqual([
      [6, "spec.ports[0].protocl", 'did you mean "protocol"?'],
      [5, "spec.selctor", 'did you mean "selector"?'],
    ]);
  });

  it("reads YAML 1.1: an unquoted yes is a boolean, which a label cannot be", () => {
    const rt = testRuntime();
    const e = refusal(() =>
      rt.apply(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {ok: yes}}\n")),
    );
    expect(e.message).toBe(
      'manifests/x.yaml:3: unable to decode "manifests/x.yaml": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });

  it("lists every error of an object at once", () => {
    const rt = testRuntime();
    const e = refusal(() =>
      rt.apply(
        yaml(
          service(
            "  externalTrafficPolicy: Global\n  externalIPs: [1.2.3]\n  ports: [{name: a, port: 80}, {name: a, port: 80}]",
          ),
        ),
      ),
    );
    expect(e.message).toContain('spec.externalIPs[0]: Invalid value: "1.2.3": must be a valid IP address');
    expect(e.message).toContain('spec.ports[1].name: Duplicate value: "a"');
    expect(e.message).toContain('spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP"');
    expect(e.message).toContain(
      'spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"',
    );
  });

  it("checks NetworkPolicy ports and containers as upstream does", () => {
    const rt = testRuntime();
    const np =
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 80, endPort: 70000}]}]\n";
    expect(refusal(() => rt.apply(yaml(np))).message).toMatch(
      /endPort: Invalid value: 70000: must be between 1 and 65535, inclusive/,
    );
    expect(
      refusal(() => rt.apply(yaml(pod("  containers: [{name: c, image: x}, {name: c, image: z}]")))).message,
    ).toMatch(/spec.containers\[1\].name: Duplicate value: "c"/);
  });

  it("allocates before it validates, as alloc.go runs in BeginCreate: one node port twice is taken", () => {
    const rt = testRuntime();
    const e = refusal(() =>
      rt.apply(
        yaml(
          service(
            "  type: NodePort\n  ports: [{name: a, port: 80, nodePort: 30100}, {name: b, port: 81, nodePort: 30100}]",
          ),
        ),
      ),
    );
    expect(e.message).toMatch(
      /spec.ports\[1\].nodePort: Invalid value: 30100: provided port is already allocated$/,
    );
  });

  it("refuses changes to immutable fields on update", () => {
    const rt = testRuntime();
    const deploy = (app: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    rt.apply(yaml(deploy("a")));
    expect(refusal(() => rt.apply(yaml(deploy("b")))).message).toMatch(
      /spec.selector: Invalid value: v1.LabelSelector\{MatchLabels:map\[string\]string\{"app":"b"\}.*field is immutable/,
    );
  });

  it("stores the kinds user manifests hold; a kind no server serves is kubectl's mapping error", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(
        [
          "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}",
          "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}",
          "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {defaultBackend: {service: {name: s, port: {number: 80}}}}",
        ].join("\n---\n"),
      ),
    );
    const secret = rt.store.get("Secret", "default", "s")!;
    expect(secret.kind === "Stored" && secret.body.data).toEqual({ k: "dg==" });
    expect(rt.store.get("Ingress", "default", "i")).toBeDefined();
    expect(
      refusal(() => rt.apply(yaml("apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i}\n")))
        .message,
    ).toMatch(
      /no matches for kind "Ingress" in version "extensions\/v1beta1"\nensure CRDs are installed first\n {2}help: Ingress is served as networking.k8s.io\/v1$/,
    );
  });

  it("follows one Kubernetes version: dnsConfig searches with `_` are refused by 1.31, admitted by 1.33", () => {
    const make = (kubernetesVersion: string) => {
      const p = buildProfile({ profile: "kubeadm" });
      const rt = new ClusterRuntime({
        info: p.info,
        clock: createClock(),
        rng: createRng(1),
        taints: p.taints,
        reservedServiceIPs: p.reservedServiceIPs,
        kubernetesVersion,
      });
      rt.apply([{ path: "<profile>", text: p.manifests, line: 1, column: 1 }]);
      return rt;
    };
    const manifest = yaml(
      pod("  dnsConfig: {searches: [my_corp.example, .]}\n  containers: [{name: c, image: x}]"),
    );
    expect(refusal(() => make("1.31").apply(manifest)).message).toMatch(
      /spec.dnsConfig.searches\[0\]: Invalid value: "my_corp.example"/,
    );
    make("1.33").apply(manifest);
  });
});
