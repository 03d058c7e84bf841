import { describe, expect, it } from "vitest";
import { loadPlan, type SourceHost } from "../../dsl/index.js";
import { portabilityWarnings } from "./check-plan.js";
import { realTarget } from "./real-targets.js";

const host = (text: string): SourceHost => ({
  readFile: (p) => (p === "s.netspec" ? text : undefined),
  isDirectory: () => false,
  listDir: () => [],
});

/** `file:line:col code: message` (and `help: ...`) of every warning for these targets. */
function check(text: string, ...targets: string[]): string[] {
  const { plan, diagnostics } = loadPlan(["s.netspec"], host(text));
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return portabilityWarnings(plan, targets.map(realTarget)).flatMap((d) => [
    `${d.span?.file}:${d.span?.line}:${d.span?.column} ${d.code}: ${d.message}`,
    ...d.notes.map((n) => `  note: ${n.message} (${n.span?.line}:${n.span?.column})`),
    `  help: ${d.help}`,
  ]);
}

const suite = (cluster: string, body: string) => `suite "s" {\n  cluster ${cluster}\n${body}}\n`;
const pod = (spec: string) =>
  `  apply """\n    apiVersion: v1\n    kind: Pod\n    metadata: { name: a }\n    spec: { ${spec}containers: [{ name: c, image: x }] }\n  """\n`;
const test = (body: string) => `  test "t" {\n${body}  }\n`;
const dig = "    expect dns A kubernetes.default.svc.cluster.local { rcode NOERROR }\n";

describe("check --target: node names", () => {
  it("kind: the reference's nodes map to kind's of the same role and place, in every pinning field", () => {
    const affinity =
      "affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: kubernetes.io/hostname, operator: In, values: [worker-1] }] }] } } }, ";
    const pins = pod(
      `nodeName: worker-0, nodeSelector: { "kubernetes.io/hostname": control-plane }, ${affinity}`,
    );
    expect(check(suite("kubeadm { nodes 3 }", pins + test(dig)), "kind")).toEqual([]);
    // The names of a cluster named `kind` (the seed transcripts) are the run's cluster's too.
    const kindNames = pod('nodeSelector: { "kubernetes.io/hostname": kind-worker }, nodeName: kind-worker, ');
    expect(check(suite("kind { nodes 2 }", kindNames + test(dig)), "kind")).toEqual([]);
  });

  it("kind: a reference node without a twin says why and how to get one", () => {
    // openshift makes master-0..2 and worker-0..1; kind, without `nodes`, one control-plane node.
    const text = suite("openshift", pod("nodeName: worker-1, ") + test(dig));
    expect(check(text, "kind")).toEqual([
      "s.netspec:7:23 portability/node-name: kind: spec.nodeName of Pod a pins the node worker-1; the kind cluster of this block (1 node) has no node for it: it has 0 workers, the reference's openshift profile 2 (the block sets no `nodes`: kind makes 1, the profile 5)",
      "  help: set `nodes 5` in the cluster block (kind then makes 4 workers), or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
    expect(check(text.replace("cluster openshift", "cluster openshift { nodes 5 }"), "kind")).toEqual([]);
    expect(check(text.replace("worker-1", "master-2"), "kind")).toEqual([
      "s.netspec:7:23 portability/node-name: kind: spec.nodeName of Pod a pins the node master-2; the kind cluster of this block (1 node) has no node for it: it has 1 control-plane node, the reference's openshift profile 3 (kindConfig makes one)",
      "  help: pin the first control-plane node or a worker, or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
  });

  it("a node the reference does not have either means the same everywhere: no warning", () => {
    const text = suite("kubeadm { nodes 2 }", pod("nodeName: worker-9, ") + test(dig));
    expect(check(text, "kind", "local")).toEqual([]);
  });

  it("local: the reference profile's nodes are the local cluster's", () => {
    const text = suite("kubeadm { nodes 4 }", pod("nodeName: worker-2, ") + test(dig));
    expect(check(text, "local")).toEqual([]);
  });

  it("node names outside manifests: node-ip(node …) and expect node map like manifests", () => {
    const steps =
      "    expect node worker-0 { ready == true }\n    expect dns A kubernetes.default.svc.cluster.local { answer lacks a(node-ip(node worker-1)) }\n";
    const text = suite("kubeadm { nodes 3 }", pod("") + test(steps));
    expect(check(text, "kind", "local")).toEqual([]);
    const why =
      "the kind cluster of this block (1 node) has no node for it: it has 0 workers, the reference's openshift profile 2 (the block sets no `nodes`: kind makes 1, the profile 5)";
    const help =
      "  help: set `nodes 5` in the cluster block (kind then makes 4 workers), or observe from a pod instead (a pod's node is the scheduler's choice), or keep the node and let the warning stand where the test is about that node";
    expect(check(text.replace("kubeadm { nodes 3 }", "openshift"), "kind")).toEqual([
      `s.netspec:10:5 portability/node-name: kind: \`expect node worker-0\` names the node worker-0; ${why}`,
      help,
      `s.netspec:11:72 portability/node-name: kind: \`node-ip(node worker-1)\` names the node worker-1; ${why}`,
      help,
    ]);
  });

  it("cluster: an existing cluster's nodes are unknown offline", () => {
    expect(check(suite("kubeadm { nodes 2 }", pod("nodeName: worker-0, ") + test(dig)), "cluster")).toEqual([
      "s.netspec:7:23 portability/node-name: cluster: spec.nodeName of Pod a pins the node worker-0; an existing cluster's nodes are its own, unknown offline, and the target does not map node names",
      "  help: select nodes by a label the cluster's nodes carry, or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
  });
});

const service = (spec: string) =>
  `  apply """\n    apiVersion: v1\n    kind: Service\n    metadata: { name: s }\n    spec: { ${spec} }\n  """\n`;

describe("check --target: addresses", () => {
  it("a pod address in an EndpointSlice naming a Pod", () => {
    const slice = `  apply """\n    apiVersion: discovery.k8s.io/v1\n    kind: EndpointSlice\n    metadata: { name: e, labels: { kubernetes.io/service-name: s } }\n    addressType: IPv4\n    endpoints: [{ addresses: [10.244.1.50], targetRef: { kind: Pod, name: a } }]\n  """\n`;
    expect(check(suite("kubeadm", slice + test(dig)), "kind")).toEqual([
      "s.netspec:8:31 portability/pod-ip: kind: endpoints[0].addresses[0] of EndpointSlice e pins the pod address 10.244.1.50; on a real cluster the CNI assigns pod IPs, so no pod has it",
      "  help: let a Service selector publish the pods' addresses (the EndpointSlice controller writes them), or name an address outside the cluster",
    ]);
  });

  it("a Pod's status.podIP is check/pod-status-pinned's (said on every target): not said again", () => {
    const text = suite(
      "kubeadm",
      pod("").replace("    spec:", "    status: { podIP: 10.244.1.5 }\n    spec:") + test(dig),
    );
    const { diagnostics } = loadPlan(["s.netspec"], host(text));
    expect(diagnostics.map((d) => d.code)).toEqual(["check/pod-status-pinned"]);
    expect(check(text, "kind", "cluster", "local")).toEqual([]);
  });

  it("kind: a cluster IP outside kind's service CIDR (the profile's range is the reference's only)", () => {
    const text = suite("openshift", service("clusterIP: 172.30.155.179, ports: [{ port: 80 }]") + test(dig));
    expect(check(text, "kind", "local")).toEqual([
      "s.netspec:7:24 portability/cluster-ip: kind: spec.clusterIP of Service s pins the cluster IP 172.30.155.179, outside the service CIDR 10.96.0.0/16 of the kind cluster of this block: its API server refuses it",
      "  help: set `service-cidr` in the cluster block to a range holding it (the real cluster is made with it), or drop the pin and write cluster-ip(service NS/NAME) where the address is needed",
      "s.netspec:2:3 portability/suite-skipped: local skips this suite: OpenShift's DNS operator and openshift-dns are not run by the local cluster",
      "  help: its tests have results on the other targets only; change the cluster block to run them on local",
    ]);
    // In the block's own range, kind makes the cluster with it.
    expect(
      check(text.replace("cluster openshift", "cluster openshift { service-cidr 172.30.0.0/16 }"), "kind"),
    ).toEqual([]);
  });

  it("a node port outside 30000-32767", () => {
    const text = suite(
      "kubeadm",
      service("type: NodePort, ports: [{ port: 80, nodePort: 8080 }]") + test(dig),
    );
    expect(check(text, "local")).toEqual([
      "s.netspec:7:59 portability/node-port: local: spec.ports[0].nodePort of Service s pins the node port 8080, outside the node-port range 30000-32767 of the local cluster: its API server refuses it",
      "  help: pin a port in 30000-32767, or drop nodePort and let the API server allocate one",
    ]);
  });

  it("cluster: unknown ranges are said once, at the first pin, with the others as notes", () => {
    const text = suite(
      "kubeadm",
      service("clusterIP: 10.96.7.7, type: NodePort, ports: [{ port: 80, nodePort: 30080 }]") + test(dig),
    );
    expect(check(text, "cluster")).toEqual([
      "s.netspec:7:24 portability/unknown-ranges: cluster: an existing cluster's service CIDR and node-port range are unknown offline, so 2 pinned addresses (cluster IPs, node ports; the first here) were not checked",
      "  note: spec.ports[0].nodePort of Service s pins 30080 (7:81)",
      "  help: compare them with the cluster's --service-cluster-ip-range and --service-node-port-range, or drop the pins and write cluster-ip(service NS/NAME)",
    ]);
  });
});

describe("check --target: faults, expectations, suites", () => {
  it("a fault the target does not realise, with its own reason; nothing after it is judged", () => {
    const web = service("selector: { app: a }, ports: [{ port: 80 }]");
    const steps =
      "    fault node-down worker-0\n    expect path from pod default/a to service default/s port 80/TCP { allowed; hops has [service-dnat default/s] }\n";
    const text = suite("kubeadm { nodes 2 }", pod("") + web + test(steps));
    expect(check(text, "kind")).toEqual([
      "s.netspec:16:5 portability/fault: kind skips this test from here: fault node-down: needs the node stopped (docker pause or the kubelet), outside kubectl",
      "  help: nothing to change if the other targets' results are what the test is for (docs/faults.md: which target realises which fault)",
    ]);
    expect(check(text, "local")).toEqual([
      "s.netspec:17:5 portability/unobservable: local skips this expectation: hop traces of a real kernel are not read yet (kube-proxy rules, conntrack)",
      '  help: state it in the spec with `on local "why" skip` after the expectation, or expect something local observes',
    ]);
  });

  it("an expectation of only `because`, unless an `on TARGET ... skip` says so", () => {
    const because = '    expect dns A example.com { because "8.8.8.8:53 answered" }\n';
    expect(check(suite("kubeadm", test(because)), "kind")).toEqual([
      "s.netspec:4:5 portability/unobservable: kind skips this expectation: `because` judges the reference engine's reasons, which kind does not report",
      '  help: state it in the spec with `on kind "why" skip` after the expectation, or expect something kind observes',
    ]);
    expect(check(suite("kubeadm", test(because + '    on kind "no reasons" skip\n')), "kind")).toEqual([]);
  });

  it("a suite the target skips whole is said once, at its cluster block", () => {
    const text = suite("kubeadm { nodes 3; cni cilium }", pod("nodeName: worker-9, ") + test(dig));
    expect(check(text, "kind")).toEqual([
      "s.netspec:2:3 portability/suite-skipped: kind skips this suite: the kind target cannot install the cilium CNI (known: calico)",
      "  help: its tests have results on the other targets only; change the cluster block to run them on kind",
    ]);
  });

  it("nothing for a portable spec on any target", () => {
    expect(check(suite("kubeadm { nodes 2 }", pod("") + test(dig)), "kind", "cluster", "local")).toEqual([]);
  });
});
