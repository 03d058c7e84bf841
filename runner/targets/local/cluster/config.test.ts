import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectionPath, corednsAddon, kubeadmCorefile } from "./coredns-addon.js";
import { FORWARDER_JS, forwarderArgv } from "./forwarder.js";
import {
  egressSelectorConfig,
  kubeconfig,
  kubeletArgs,
  kubeletConfig,
  kubeProxyConfig,
} from "./kube-config.js";
import { cniConflist, containerdConfig, MIRRORED_HOSTS, registryHosts } from "./runtime-config.js";
import { planCluster } from "./spec.js";

const bins = Object.fromEntries(
  [
    "etcd",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kubelet",
    "kube-proxy",
    "containerd",
    "containerd-shim-runc-v2",
    "ctr",
    "runc",
    "cni-bin-dir",
    "images",
  ].map((b) => [b, `/bin/${b}`]),
);
const plan = planCluster(
  {
    nodes: 2,
    serviceCidrs: ["10.96.0.0/16"],
    podCidrs: ["10.244.0.0/16"],
    clusterDomain: "cluster.local",
    dnsServiceIp: "10.96.0.10",
    proxyMode: "nftables",
    workDir: "/w",
    binaries: bins,
  },
  "abc123",
);
const [n1, n2] = plan.nodes as [(typeof plan.nodes)[0], (typeof plan.nodes)[0]];

describe("the local cluster's configuration", () => {
  it("plans namespaces, fabric addresses, pod subnets and cgroup roots per node", () => {
    expect(plan.fabricNetns).toBe("nsx-abc123-fabric");
    expect(plan.nodes.map((n) => [n.name, n.netns, n.ip, n.podCidr, n.cgroupRoot, n.dir])).toEqual([
      ["node-1", "nsx-abc123-n1", "172.18.0.2", "10.244.0.0/24", "/netspec-abc123-n1", "/w/nodes/node-1"],
      ["node-2", "nsx-abc123-n2", "172.18.0.3", "10.244.1.0/24", "/netspec-abc123-n2", "/w/nodes/node-2"],
    ]);
  });

  it("containerd: version 3, own root/state/socket, restrict_oom_score_adj, our runc and shim, pod netns under state", () => {
    const c = containerdConfig(plan, n1, bins);
    for (const line of [
      "version = 3",
      'root = "/w/nodes/node-1/containerd/root"',
      'state = "/w/nodes/node-1/containerd/state"',
      'address = "/w/nodes/node-1/containerd/containerd.sock"',
      'snapshotter = "overlayfs"',
      'sandbox = "registry.k8s.io/pause:3.10"',
      'config_path = "/w/nodes/node-1/containerd/certs.d"',
      "restrict_oom_score_adj = true",
      "netns_mounts_under_state_dir = true",
      'runtime_path = "/bin/containerd-shim-runc-v2"',
      'BinaryName = "/bin/runc"',
      'Root = "/w/nodes/node-1/containerd/runc"',
      "SystemdCgroup = false",
      'bin_dirs = ["/bin/cni-bin-dir"]',
      'conf_dir = "/w/nodes/node-1/cni/net.d"',
    ])
      expect(c).toContain(line);
  });

  it("hosts.toml: every registry host, and _default, is served by our registry with no fallback upstream", () => {
    const h = registryHosts("http://172.18.0.1:5000");
    expect(Object.keys(h)).toEqual(MIRRORED_HOSTS.map((x) => `${x}/hosts.toml`));
    expect(h["_default/hosts.toml"]).toContain('server = "http://172.18.0.1:5000"');
    expect(h["docker.io/hosts.toml"]).toContain(
      '[host."http://172.18.0.1:5000"]\n  capabilities = ["pull", "resolve"]',
    );
  });

  it("CNI: bridge with host-local over the node's own subnet, no masquerade, portmap", () => {
    const c = JSON.parse(cniConflist(n2));
    expect(c.plugins.map((p: { type: string }) => p.type)).toEqual(["bridge", "portmap"]);
    expect(c.plugins[0]).toMatchObject({
      bridge: "cni0",
      isGateway: true,
      ipMasq: false,
      ipam: {
        type: "host-local",
        dataDir: "/w/nodes/node-2/cni/ipam",
        ranges: [[{ subnet: "10.244.1.0/24" }]],
      },
    });
  });

  it("kubelet: cgroupfs under its own root, cluster DNS, no read-only port, anonymous + AlwaysAllow", () => {
    const k = parse(kubeletConfig(plan, n1));
    expect(k).toMatchObject({
      kind: "KubeletConfiguration",
      apiVersion: "kubelet.config.k8s.io/v1beta1",
      cgroupDriver: "cgroupfs",
      cgroupRoot: "/netspec-abc123-n1",
      containerRuntimeEndpoint: "unix:///w/nodes/node-1/containerd/containerd.sock",
      clusterDNS: ["10.96.0.10"],
      clusterDomain: "cluster.local",
      readOnlyPort: 0,
      failSwapOn: false,
      enforceNodeAllocatable: [],
      authorization: { mode: "AlwaysAllow" },
      authentication: { anonymous: { enabled: true }, webhook: { enabled: false } },
      resolvConf: "/w/nodes/node-1/resolv.conf",
    });
    expect(kubeletArgs(n1)).toContain("--node-ip=172.18.0.2");
    expect(kubeletArgs(n1)).toContain("--hostname-override=node-1");
  });

  it("kube-proxy: the spec's mode, conntrack sysctls left alone, the cluster CIDR", () => {
    const p = parse(kubeProxyConfig(plan, n2));
    expect(p).toMatchObject({
      kind: "KubeProxyConfiguration",
      mode: "nftables",
      hostnameOverride: "node-2",
      clusterCIDR: "10.244.0.0/16",
      conntrack: { maxPerCore: 0, min: 0 },
      clientConnection: { kubeconfig: "/w/nodes/node-2/kubeconfig" },
    });
  });

  it("kubeconfig and the API server's egress selector (cluster traffic as HTTP CONNECT over a Unix socket)", () => {
    expect(parse(kubeconfig("https://172.18.0.1:6443", "t")).clusters[0].cluster.server).toBe(
      "https://172.18.0.1:6443",
    );
    expect(parse(egressSelectorConfig("/run/netspec/x/egress.sock"))).toEqual({
      apiVersion: "apiserver.k8s.io/v1beta1",
      kind: "EgressSelectorConfiguration",
      egressSelections: [
        {
          name: "cluster",
          connection: {
            proxyProtocol: "HTTPConnect",
            transport: { uds: { udsName: "/run/netspec/x/egress.sock" } },
          },
        },
      ],
    });
  });

  it("CoreDNS: kubeadm's Corefile with reload, the Deployment on our image, kube-dns at the DNS address", () => {
    const objs = corednsAddon({ dnsServiceIp: "10.96.0.10", corefile: kubeadmCorefile("cluster.local") });
    expect(objs.map((o) => `${o.kind} ${collectionPath(o)}`)).toEqual([
      "ServiceAccount /api/v1/namespaces/kube-system/serviceaccounts",
      "ClusterRole /apis/rbac.authorization.k8s.io/v1/clusterroles",
      "ClusterRoleBinding /apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
      "ConfigMap /api/v1/namespaces/kube-system/configmaps",
      "Deployment /apis/apps/v1/namespaces/kube-system/deployments",
      "Service /api/v1/namespaces/kube-system/services",
    ]);
    const cm = objs[3] as unknown as { data: { Corefile: string } };
    expect(cm.data.Corefile).toBe(kubeadmCorefile("cluster.local"));
    expect(cm.data.Corefile).toMatch(/\n {4}reload\n/);
    const dep = objs[4] as unknown as {
      spec: { replicas: number; template: { spec: { containers: { image: string }[]; dnsPolicy: string } } };
    };
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.template.spec.containers[0]!.image).toMatch(/^registry\.k8s\.io\/coredns\/coredns:v/);
    expect(dep.spec.template.spec.dnsPolicy).toBe("Default");
    expect((objs[5] as unknown as { spec: { clusterIP: string } }).spec.clusterIP).toBe("10.96.0.10");
  });

  it("the forwarder runs as plain JavaScript with its configuration as the argument", () => {
    const argv = forwarderArgv("/usr/bin/node", {
      relays: [{ listen: { path: "/s" }, connect: { host: "127.0.0.1", port: 1 } }],
    });
    expect(argv.slice(0, 3)).toEqual(["/usr/bin/node", "-e", FORWARDER_JS]);
    expect(JSON.parse(argv[3]!)).toEqual({
      relays: [{ listen: { path: "/s" }, connect: { host: "127.0.0.1", port: 1 } }],
    });
    expect(() => new Function(FORWARDER_JS)).not.toThrow();
  });
});
