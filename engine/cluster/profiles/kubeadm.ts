/**
 * kubeadm clusters (and the `custom` profile, which is kubeadm with the CIDRs the scenario gives).
 * Conventions rather than upstream defaults: kubeadm has no default pod CIDR; 10.244.0.0/16
 * (flannel's and kind's convention) with /24 per node. Nodes are `control-plane`, `worker-0`.. at
 * 192.168.0.10, .11, ..; their resolv.conf points at a LAN resolver `192.168.0.1`.
 *
 * The DNS add-on is kubeadm's (cmd/kubeadm/app/phases/addons/dns/manifests.go): the `coredns`
 * ConfigMap with kubeadm's Corefile, the two-replica `coredns` Deployment (the ConfigMap mounted at
 * /etc/coredns with only its Corefile key projected) and the `kube-dns` Service.
 */
import { kubeadmCorefile } from "./corefiles.js";
import { oneControlPlane, q, type AddonContext, type Flavour } from "./flavour.js";

/** kubeadm's CoreDNS add-on; kind installs CoreDNS through kubeadm, so it is kind's too. */
export function kubeadmDnsAddon(ctx: AddonContext): string[] {
  return [
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: coredns, namespace: kube-system}\ndata:\n  Corefile: ${q(kubeadmCorefile(ctx.domain))}`,
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec:
  replicas: 2
  selector: {matchLabels: {k8s-app: kube-dns}}
  template:
    metadata: {labels: {k8s-app: kube-dns}}
    spec:
      dnsPolicy: Default
      tolerations: [{key: CriticalAddonsOnly, operator: Exists}, {key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]
      nodeSelector: {"kubernetes.io/os": linux}
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.3
        ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53, protocol: TCP}, {name: metrics, containerPort: 9153, protocol: TCP}]
        args: ["-conf", "/etc/coredns/Corefile"]
        volumeMounts: [{name: config-volume, mountPath: /etc/coredns, readOnly: true}]
        livenessProbe: {httpGet: {path: /health, port: 8080, scheme: HTTP}, initialDelaySeconds: 60, timeoutSeconds: 5, successThreshold: 1, failureThreshold: 5}
        readinessProbe: {httpGet: {path: /ready, port: 8181, scheme: HTTP}}
      volumes: [{name: config-volume, configMap: {name: coredns, items: [{key: Corefile, path: Corefile}]}}]`,
    `apiVersion: v1
kind: Service
metadata: {name: kube-dns, namespace: kube-system, labels: {k8s-app: kube-dns, "kubernetes.io/cluster-service": "true", "kubernetes.io/name": CoreDNS}}
spec:
  ${ctx.ipFields(ctx.dnsIPs)}
  selector: {k8s-app: kube-dns}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: 53}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}, {name: metrics, port: 9153, protocol: TCP, targetPort: 9153}]`,
  ];
}

/** The kube-system DNS names and ports kubeadm and kind share. */
export const KUBE_DNS = {
  controlPlaneTaint: "node-role.kubernetes.io/control-plane",
  roleLabels: (controlPlane: boolean) => (controlPlane ? `"node-role.kubernetes.io/control-plane": ""` : ""),
  dnsService: { namespace: "kube-system", name: "kube-dns" },
  corefileConfigMap: { namespace: "kube-system", name: "coredns" },
  dnsPodPort: 53,
  dnsAddon: kubeadmDnsAddon,
};

export const KUBEADM: Flavour = {
  ...KUBE_DNS,
  defaults: { service: ["10.96.0.0/12"], pods: ["10.244.0.0/16"], hostPrefix: 24 },
  nodes: (count) => oneControlPlane("control-plane", (i) => `worker-${i - 1}`, count ?? 3),
  nodeIp: (i) => `192.168.0.${10 + i}`,
  namespaces: [],
  nodeResolvConf: "nameserver 192.168.0.1\n",
};

/** kubeadm's layout with every CIDR given by the scenario. */
export const CUSTOM: Flavour = { ...KUBEADM, defaults: { service: [], pods: [], hostPrefix: 24 } };
