/**
 * A node's container runtime configuration: containerd's config.toml (version 3), the registry
 * mirrors (hosts.toml per registry host) and the CNI network (bridge + host-local + portmap, kind's
 * kindnet shape: one pod subnet per node, routes between nodes, no masquerade inside the cluster).
 */
import type { ClusterPlan, NodePlan } from "./spec.js";

/** Where a node's runtime keeps everything (all under the node's directory). */
export function runtimePaths(node: NodePlan) {
  return {
    config: `${node.dir}/containerd/config.toml`,
    root: `${node.dir}/containerd/root`,
    state: `${node.dir}/containerd/state`,
    socket: `${node.dir}/containerd/containerd.sock`,
    certsDir: `${node.dir}/containerd/certs.d`,
    runcRoot: `${node.dir}/containerd/runc`,
    cniConfDir: `${node.dir}/cni/net.d`,
    cniDataDir: `${node.dir}/cni/ipam`,
  };
}

const q = (s: string) => JSON.stringify(s);

/**
 * containerd's config. The CRI settings that matter here (real-cluster-notes.md):
 * `restrict_oom_score_adj` (no CAP_SYS_RESOURCE: the sandbox's -998 would be refused),
 * runc from our build with its own root, cgroupfs, our CNI directories, the pause image pinned,
 * network namespaces under the state directory (not /var/run/netns) and the registry mirrors.
 */
export function containerdConfig(plan: ClusterPlan, node: NodePlan, bins: Record<string, string>): string {
  const p = runtimePaths(node);
  return `# netspec local cluster: containerd for ${node.name} (generated)
version = 3
root = ${q(p.root)}
state = ${q(p.state)}

[grpc]
  address = ${q(p.socket)}

[ttrpc]
  address = ${q(`${p.socket}.ttrpc`)}

[plugins.'io.containerd.internal.v1.opt']
  path = ${q(`${node.dir}/containerd/opt`)}

[plugins.'io.containerd.nri.v1.nri']
  disable = true

[plugins.'io.containerd.cri.v1.images']
  snapshotter = "overlayfs"
  [plugins.'io.containerd.cri.v1.images'.pinned_images]
    sandbox = "registry.k8s.io/pause:3.10"
  [plugins.'io.containerd.cri.v1.images'.registry]
    config_path = ${q(p.certsDir)}

[plugins.'io.containerd.cri.v1.runtime']
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_cdi = false
  [plugins.'io.containerd.cri.v1.runtime'.containerd]
    default_runtime_name = "runc"
    [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      runtime_path = ${q(bins["containerd-shim-runc-v2"]!)}
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
        BinaryName = ${q(bins.runc!)}
        Root = ${q(p.runcRoot)}
        SystemdCgroup = false
  [plugins.'io.containerd.cri.v1.runtime'.cni]
    bin_dirs = [${q(bins["cni-bin-dir"]!)}]
    conf_dir = ${q(p.cniConfDir)}

[plugins.'io.containerd.grpc.v1.cri']
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
`;
}

/** The registry hosts mirrored to ours; `_default` catches every other host. */
export const MIRRORED_HOSTS = [
  "registry.k8s.io",
  "k8s.gcr.io",
  "gcr.io",
  "docker.io",
  "registry-1.docker.io",
  "quay.io",
  "ghcr.io",
  "mcr.microsoft.com",
  "public.ecr.aws",
  "_default",
];

/**
 * hosts.toml per mirrored host (containerd docs/hosts.md): `server` is our registry itself, so no
 * fallback to the real host exists — an image we do not answer fails to pull instead of leaving the
 * machine.
 */
export function registryHosts(registry: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of MIRRORED_HOSTS)
    out[`${h}/hosts.toml`] =
      `# netspec: every image comes from the local cluster's registry\nserver = ${q(registry)}\n\n[host.${q(registry)}]\n  capabilities = ["pull", "resolve"]\n`;
  return out;
}

/**
 * The CNI network: a bridge `cni0` as each pod's gateway (host-local IPAM over the node's subnet),
 * hairpin for a pod reaching itself through a Service, no masquerade (pod addresses stay visible
 * across nodes, as with kindnet inside the cluster CIDR), portmap for hostPort.
 */
export function cniConflist(node: NodePlan): string {
  const p = runtimePaths(node);
  return JSON.stringify(
    {
      cniVersion: "1.0.0",
      name: "netspec",
      plugins: [
        {
          type: "bridge",
          bridge: "cni0",
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: "host-local",
            dataDir: p.cniDataDir,
            ranges: [[{ subnet: node.podCidr }]],
            routes: [{ dst: "0.0.0.0/0" }],
          },
        },
        { type: "portmap", capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  );
}
