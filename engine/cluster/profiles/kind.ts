/**
 * kind clusters: nodes `kind-control-plane`, `kind-worker`, `kind-worker2`.. (one node by default)
 * on the docker `kind` network 172.18.0.0/16 from 172.18.0.2 up; their resolv.conf points at the
 * network gateway 172.18.0.1 (kind rewrites Docker's embedded 127.0.0.11 resolver so pods with
 * dnsPolicy Default can use it) with `options ndots:0`. Service CIDR 10.96.0.0/16 and pod CIDR
 * 10.244.0.0/16 (kind's v1alpha4 defaults); CoreDNS is kubeadm's add-on.
 */
import { oneControlPlane, type Flavour } from "./flavour.js";
import { KUBE_DNS } from "./kubeadm.js";

export const KIND: Flavour = {
  ...KUBE_DNS,
  defaults: { service: ["10.96.0.0/16"], pods: ["10.244.0.0/16"], hostPrefix: 24 },
  nodes: (count) =>
    oneControlPlane("kind-control-plane", (i) => (i === 1 ? "kind-worker" : `kind-worker${i}`), count ?? 1),
  nodeIp: (i) => `172.18.0.${2 + i}`,
  namespaces: ["local-path-storage"],
  nodeResolvConf: "nameserver 172.18.0.1\noptions ndots:0\n",
};
