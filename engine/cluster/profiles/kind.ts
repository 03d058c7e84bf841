/**
 * kind clusters: nodes `kind-control-plane`, `kind-worker`, `kind-worker2`.. (one node by default)
 * on the docker `kind` network 172.18.0.0/16 from 172.18.0.2 up; their resolv.conf points at the
 * network gateway 172.18.0.1 (kind rewrites Docker's embedded 127.0.0.11 resolver so pods with
 * dnsPolicy Default can use it) with `options ndots:0`. Service CIDR 10.96.0.0/16 and pod CIDR
 * 10.244.0.0/16 (kind's v1alpha4 defaults); CoreDNS is kubeadm's add-on.
 */
import type { Flavour, NodeName } from "./flavour.js";
import { KUBE_DNS } from "./kubeadm.js";

function kindNodes(count: number | undefined): NodeName[] {
  const out = [{ name: "kind-control-plane", controlPlane: true }];
  for (let i = 1; i < (count ?? 1); i++)
    out.push({ name: i === 1 ? "kind-worker" : `kind-worker${i}`, controlPlane: false });
  return out;
}

export const KIND: Flavour = {
  ...KUBE_DNS,
  defaults: { service: ["10.96.0.0/16"], pods: ["10.244.0.0/16"], hostPrefix: 24 },
  nodes: kindNodes,
  nodeIp: (i) => `172.18.0.${2 + i}`,
  namespaces: ["local-path-storage"],
  nodeResolvConf: "nameserver 172.18.0.1\noptions ndots:0\n",
};
