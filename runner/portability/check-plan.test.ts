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
  it("kind: a node the kind cluster of the block does not have, with the ones it has", () => {
    expect(check(suite("kubeadm { nodes 2 }", pod("nodeName: worker-0, ") + test(dig)), "kind")).toEqual([
      "s.netspec:7:23 portability/node-name: kind: spec.nodeName of Pod a pins the node worker-0, which the kind cluster of this block (2 nodes) does not have: its nodes are kind-control-plane, kind-worker",
      "  help: name one of those nodes, or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
  });

  it("kind: kind-* names in nodeName are mapped; by hostname label they are not", () => {
    const selector = pod('nodeSelector: { "kubernetes.io/hostname": kind-worker }, nodeName: kind-worker, ');
    expect(check(suite("kind { nodes 2 }", selector + test(dig)), "kind")).toEqual([
      's.netspec:7:55 portability/node-name: kind: spec.nodeSelector["kubernetes.io/hostname"] of Pod a selects the node kind-worker by its hostname; the kind target maps pinned node names in spec.nodeName only (its nodes are named after the run\'s cluster)',
      "  help: write spec.nodeName: kind-worker instead, or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
  });

  it("local: the reference profile's nodes are the local cluster's; others are not", () => {
    const text = suite("kubeadm { nodes 2 }", pod("nodeName: worker-0, ") + test(dig));
    expect(check(text, "local")).toEqual([]);
    expect(check(text.replace("worker-0", "worker-5"), "local")).toEqual([
      "s.netspec:7:23 portability/node-name: local: spec.nodeName of Pod a pins the node worker-5, which the local cluster of this block does not have: its nodes are control-plane, worker-0",
      "  help: name one of those nodes, or drop the pin and let the scheduler choose, unless the test depends on the node",
    ]);
  });

  it("node names outside manifests: node-ip(node …) and expect node, looked up as written", () => {
    const steps =
      "    expect node worker-0 { ready == true }\n    expect dns A kubernetes.default.svc.cluster.local { answer lacks a(node-ip(node worker-1)) }\n";
    const text = suite("kubeadm { nodes 3 }", pod("") + test(steps));
    const help =
      "  help: observe from a pod instead (a pod's node is the scheduler's choice), or keep the node and let the warning stand where the test is about that node";
    expect(check(text, "kind")).toEqual([
      "s.netspec:10:5 portability/node-name: kind: `expect node worker-0` names the node worker-0; the kind target looks nodes up by the name as written and its nodes are named after the run's cluster (only spec.nodeName: kind-… in manifests is mapped)",
      help,
      "s.netspec:11:72 portability/node-name: kind: `node-ip(node worker-1)` names the node worker-1; the kind target looks nodes up by the name as written and its nodes are named after the run's cluster (only spec.nodeName: kind-… in manifests is mapped)",
      help,
    ]);
    // The local cluster has the reference profile's nodes.
    expect(check(text, "local")).toEqual([]);
  });

  it("cluster: an existing cluster's nodes are unknown offline", () => {
    expect(check(suite("kubeadm { nodes 2 }", pod("nodeName: worker-0, ") + test(dig)), "cluster")).toEqual([
      "s.netspec:7:23 portability/node-name: cluster: spec.nodeName of Pod a pins the node worker-0; an existing cluster's nodes are its own, unknown offline, and the target does not map node names",
      "  help: drop the pin and let the scheduler choose, unless the test depends on the node (then select nodes by a label the cluster's nodes carry)",
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
