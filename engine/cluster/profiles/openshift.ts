/**
 * OpenShift clusters: nodes `master-0..2`, `worker-0..` (five by default) at 10.0.0.10.. with the
 * AWS-style node resolv.conf seen in the seed transcript 001 (`search ap-south-1.compute.internal`,
 * `nameserver 10.0.0.2`); service CIDR 172.30.0.0/16, cluster network 10.128.0.0/14 with /23 per
 * node, written into the `cluster` Network CRs (config and operator) that the Cluster Network Operator
 * rolls out (facade/network-operator.ts). The DNS add-on is cluster-dns-operator's: the `default` DNS CR, the `dns-default` ConfigMap
 * rendered from it (openshift-corefile.ts), the dns-default DaemonSet on port 5353 and its Service.
 */
import { q, type AddonContext, type Flavour, type NetworkContext, type NodeName } from "./flavour.js";
import { operatorNetworkSpec } from "./network-operator.js";
import { renderOpenShiftCorefile } from "./openshift-corefile.js";

const OWNER = `"dns.operator.openshift.io/owning-dns": default`;

function openshiftDnsAddon(ctx: AddonContext): string[] {
  return [
    `apiVersion: operator.openshift.io/v1\nkind: DNS\nmetadata: {name: default}\nspec: {}`,
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dns-default, namespace: openshift-dns, labels: {${OWNER}}}\ndata:\n  Corefile: ${q(renderOpenShiftCorefile({}, ctx.domain))}`,
    `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: dns-default, namespace: openshift-dns, labels: {${OWNER}}}
spec:
  selector: {matchLabels: {"dns.operator.openshift.io/daemonset-dns": default}}
  template:
    metadata: {labels: {"dns.operator.openshift.io/daemonset-dns": default}}
    spec:
      dnsPolicy: Default
      tolerations: [{operator: Exists}]
      nodeSelector: {"kubernetes.io/os": linux}
      containers:
      - name: dns
        image: quay.io/openshift/origin-coredns:latest
        ports: [{name: dns, containerPort: 5353, protocol: UDP}, {name: dns-tcp, containerPort: 5353, protocol: TCP}]
        args: ["-conf", "/etc/coredns/Corefile"]
        volumeMounts: [{name: config-volume, mountPath: /etc/coredns, readOnly: true}]
        readinessProbe: {httpGet: {path: /ready, port: 8181, scheme: HTTP}, initialDelaySeconds: 10, periodSeconds: 3, successThreshold: 1, failureThreshold: 3, timeoutSeconds: 3}
      - name: kube-rbac-proxy
        image: quay.io/openshift/origin-kube-rbac-proxy:latest
        ports: [{name: metrics, containerPort: 9154, protocol: TCP}]
      volumes: [{name: config-volume, configMap: {name: dns-default, items: [{key: Corefile, path: Corefile}]}}]`,
    `apiVersion: v1
kind: Service
metadata: {name: dns-default, namespace: openshift-dns, labels: {${OWNER}}}
spec:
  ${ctx.ipFields(ctx.dnsIPs)}
  selector: {"dns.operator.openshift.io/daemonset-dns": default}
  ports: [{name: dns, port: 53, protocol: UDP, targetPort: dns}, {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp}, {name: metrics, port: 9154, protocol: TCP, targetPort: metrics}]`,
  ];
}

/**
 * The `cluster` Network config the installer writes (cluster-network-02-config.yml) with the status
 * CNO reports once it rolled it out (cluster_config.go StatusFromOperatorConfig; OVN-Kubernetes'
 * MTU is the host's 1500 less Geneve's 100, ovn_kubernetes.go), and the operator's own `cluster`
 * Network with the config merged in (MergeClusterConfig).
 */
function openshiftNetworkDocs(ctx: NetworkContext): string[] {
  const config = {
    apiVersion: "config.openshift.io/v1",
    kind: "Network",
    metadata: { name: "cluster" },
    spec: {
      clusterNetwork: ctx.clusterNetworks,
      serviceNetwork: ctx.serviceNetwork,
      networkType: ctx.networkType,
    },
    status: {
      clusterNetwork: ctx.clusterNetworks,
      serviceNetwork: ctx.serviceNetwork,
      networkType: ctx.networkType,
      ...(ctx.networkType === "OVNKubernetes" ? { clusterNetworkMTU: 1400 } : {}),
    },
  };
  const operator = {
    apiVersion: "operator.openshift.io/v1",
    kind: "Network",
    metadata: { name: "cluster" },
    spec: operatorNetworkSpec(ctx.operatorConfig, ctx),
  };
  return [JSON.stringify(config), JSON.stringify(operator)];
}

function openshiftNodes(count: number | undefined): NodeName[] {
  const total = count ?? 5;
  const masters = Math.min(3, total);
  const out = [];
  for (let i = 0; i < masters; i++) out.push({ name: `master-${i}`, controlPlane: true });
  for (let i = 0; i < total - masters; i++) out.push({ name: `worker-${i}`, controlPlane: false });
  return out;
}

export const OPENSHIFT: Flavour = {
  defaults: { service: ["172.30.0.0/16"], pods: ["10.128.0.0/14"], hostPrefix: 23 },
  nodes: openshiftNodes,
  nodeIp: (i) => `10.0.0.${10 + i}`,
  namespaces: [
    "openshift-dns",
    "openshift-dns-operator",
    "openshift-image-registry",
    "openshift-network-operator",
    "openshift-ovn-kubernetes",
  ],
  controlPlaneTaint: "node-role.kubernetes.io/master",
  roleLabels: (controlPlane) =>
    controlPlane
      ? `"node-role.kubernetes.io/master": "", "node-role.kubernetes.io/control-plane": ""`
      : `"node-role.kubernetes.io/worker": ""`,
  nodeResolvConf: "search ap-south-1.compute.internal\nnameserver 10.0.0.2\n",
  dnsService: { namespace: "openshift-dns", name: "dns-default" },
  corefileConfigMap: { namespace: "openshift-dns", name: "dns-default" },
  dnsPodPort: 5353,
  dnsAddon: openshiftDnsAddon,
  network: { ipv6HostPrefix: 64, manifests: openshiftNetworkDocs },
};
