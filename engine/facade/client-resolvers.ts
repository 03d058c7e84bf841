/**
 * What a pod or a node resolves names with: the resolv.conf and /etc/hosts kubelet writes for the pod
 * (engine/cluster kubelet.ts), the node's own files, and the libc's stub-resolver walk
 * (engine/resolver) whose every query takes the query path.
 */
import {
  openshiftNodeResolverHosts,
  podHosts,
  podResolvConf,
  type BuiltProfile,
  type ClusterStore,
  type KubeletDnsContext,
  type Pod,
} from "../cluster/index.js";
import type { ClusterSpec } from "../engine.js";
import {
  resolveName,
  type HostsEntry,
  type Libc,
  type ResolvConf,
  type ResolveWalk,
} from "../resolver/index.js";
import { notFound } from "./errors.js";
import type { QueryPath } from "./query-path.js";

type PodRef = { namespace: string; name: string };

/** The node's /etc/hosts: the distribution's localhost lines (plus OpenShift's node-resolver lines). */
const NODE_HOSTS: HostsEntry[] = [
  { ip: "127.0.0.1", names: ["localhost", "localhost.localdomain", "localhost4", "localhost4.localdomain4"] },
  { ip: "::1", names: ["localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6"] },
];

export class ClientResolvers {
  constructor(
    private readonly store: ClusterStore,
    private readonly spec: ClusterSpec,
    private readonly profile: BuiltProfile,
    private readonly hostResolvConf: ResolvConf,
    private readonly path: QueryPath,
  ) {}

  resolvConf(ref: PodRef): { conf: ResolvConf; text: string; warnings: string[] } {
    const pod = this.mustPod(ref);
    return podResolvConf(pod, this.kubeletContext(pod));
  }

  hosts(ref: PodRef): { entries: HostsEntry[]; text: string } {
    const pod = this.mustPod(ref);
    return podHosts(pod, { ...this.kubeletContext(pod), nodeHosts: this.nodeHosts() });
  }

  /** The libc's walk over search list and nameservers, each query sent along the query path. */
  resolve(
    from: { pod: PodRef } | { node: string },
    name: string,
    type: "A" | "AAAA" | "ANY" = "A",
  ): ResolveWalk {
    const srcIp = this.path.source(from).ip;
    const client =
      "pod" in from
        ? {
            conf: this.resolvConf(from.pod).conf,
            hosts: this.hosts(from.pod).entries,
            libc: this.libcOf(this.mustPod(from.pod)),
          }
        : { conf: this.hostResolvConf, hosts: this.nodeHosts(), libc: "glibc" as const };
    return resolveName({
      name,
      type,
      ...client,
      send: (q) => {
        const x = this.path.exchange(srcIp, q.server, q.name, q.type, q.transport);
        if (x.refused) return { elapsedMs: 0, refused: true };
        return { reply: x.reply, elapsedMs: x.reply ? x.elapsedMs : q.timeoutMs };
      },
    });
  }

  private kubeletContext(pod: Pod): KubeletDnsContext {
    const node = pod.spec.nodeName ? this.store.node(pod.spec.nodeName) : undefined;
    return {
      clusterDomain: this.profile.info.domain,
      clusterDNS: this.profile.clusterDns,
      hostConf: this.hostResolvConf,
      nodeHostname: node?.metadata.name ?? pod.spec.nodeName ?? "",
      nodeIPs: node?.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address) ?? [],
    };
  }

  private mustPod(ref: PodRef): Pod {
    const pod = this.store.pod(ref.namespace, ref.name);
    if (!pod) throw notFound("pods", ref.name, ref.namespace);
    return pod;
  }

  private nodeHosts(): HostsEntry[] {
    const base = NODE_HOSTS.map((e) => ({ ...e, names: [...e.names] }));
    return this.spec.profile === "openshift" ? [...base, ...openshiftNodeResolverHosts(this.store)] : base;
  }

  /** The pod's libc: its netspec.io/resolver annotation, else the cluster's default. */
  private libcOf(pod: Pod): Libc {
    const annotated = pod.metadata.annotations["netspec.io/resolver"];
    if (annotated === "musl" || annotated === "glibc") return annotated;
    return this.spec.resolver ?? "glibc";
  }
}
