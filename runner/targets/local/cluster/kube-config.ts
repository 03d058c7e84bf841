/**
 * The Kubernetes components' configuration files for the local cluster: the kubelet's
 * KubeletConfiguration (kubelet.config.k8s.io/v1beta1), kube-proxy's KubeProxyConfiguration
 * (kubeproxy.config.k8s.io/v1alpha1), the kubeconfig nodes use, and the API server's egress
 * selector (apiserver.k8s.io/v1beta1) that carries its connections to kubelets.
 */
import { runtimePaths } from "./runtime-config.js";
import type { ClusterPlan, NodePlan } from "./spec.js";

const q = (s: string) => JSON.stringify(s);

/** A node's paths for its Kubernetes components. */
export function kubePaths(node: NodePlan) {
  return {
    kubeletConfig: `${node.dir}/kubelet/config.yaml`,
    kubeletRoot: `${node.dir}/kubelet/root`,
    podLogs: `${node.dir}/kubelet/pod-logs`,
    resolvConf: `${node.dir}/resolv.conf`,
    kubeconfig: `${node.dir}/kubeconfig`,
    proxyConfig: `${node.dir}/kube-proxy.yaml`,
  };
}

/**
 * The kubelet. Settings from real-cluster-notes.md: cgroupfs with a cgroup root of its own per node,
 * the runtime's socket, clusterDNS/clusterDomain (the resolv.conf it writes for pods), anonymous
 * authentication and AlwaysAllow (the API server connects without a client certificate; a test
 * cluster inside namespaces of its own), readOnlyPort 0, no node-allocatable enforcement, eviction
 * and image GC that never trigger on a shared disk (kind's values). The default ports (10250,
 * 10248) are kept: the kubelet listens in its node's own network namespace.
 */
export function kubeletConfig(plan: ClusterPlan, node: NodePlan): string {
  const s = plan.spec;
  const p = kubePaths(node);
  return `# netspec local cluster: kubelet for ${node.name} (generated)
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
cgroupRoot: ${q(node.cgroupRoot)}
cgroupsPerQOS: true
containerRuntimeEndpoint: ${q(`unix://${runtimePaths(node).socket}`)}
clusterDNS: [${q(s.dnsServiceIp)}]
clusterDomain: ${q(s.clusterDomain)}
resolvConf: ${q(p.resolvConf)}
podLogsDir: ${q(p.podLogs)}
address: ${q(node.ip)}
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: { enabled: true }
  webhook: { enabled: false }
authorization:
  mode: AlwaysAllow
failSwapOn: false
enforceNodeAllocatable: []
evictionHard: { nodefs.available: "0%", nodefs.inodesFree: "0%", imagefs.available: "0%" }
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
registerNode: true
hairpinMode: hairpin-veth
nodeStatusReportFrequency: 10s
shutdownGracePeriod: 0s
`;
}

/** kubelet's flags besides its config file. */
export function kubeletArgs(node: NodePlan): string[] {
  const p = kubePaths(node);
  return [
    `--config=${p.kubeletConfig}`,
    `--kubeconfig=${p.kubeconfig}`,
    `--root-dir=${p.kubeletRoot}`,
    `--cert-dir=${p.kubeletRoot}/pki`,
    `--hostname-override=${node.name}`,
    `--node-ip=${node.ip}`,
    "--v=1",
  ];
}

/**
 * kube-proxy in the spec's mode. `conntrack.maxPerCore: 0` and zero timeouts leave the kernel's
 * conntrack sysctls alone; the metrics and health ports are the defaults, inside the node's
 * namespace.
 */
export function kubeProxyConfig(plan: ClusterPlan, node: NodePlan): string {
  return `# netspec local cluster: kube-proxy for ${node.name} (generated)
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
mode: ${plan.spec.proxyMode}
clientConnection:
  kubeconfig: ${q(kubePaths(node).kubeconfig)}
hostnameOverride: ${q(node.name)}
clusterCIDR: ${q(plan.spec.podCidrs.join(","))}
bindAddress: ${q(node.ip)}
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
`;
}

/** A kubeconfig for `server` with the static admin token (AlwaysAllow: a test cluster). */
export function kubeconfig(server: string, token: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: netspec-local
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: ${token}
contexts:
- name: netspec-local
  context: { cluster: netspec-local, user: admin }
current-context: netspec-local
`;
}

/** The API server's egress selector: its `cluster` traffic (kubelets, pod proxies) as HTTP CONNECT over a Unix socket. */
export function egressSelectorConfig(socket: string): string {
  return `apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: ${q(socket)}
`;
}
