/**
 * CoreDNS as kubeadm installs it (k8s.io/kubernetes v1.31.4 cmd/kubeadm/app/phases/addons/dns/
 * manifests.go): the coredns ServiceAccount, ClusterRole and binding, the coredns ConfigMap with
 * kubeadm's default Corefile (reload on, so a ConfigMap edit is picked up by CoreDNS itself), the
 * Deployment of two replicas and the kube-dns Service at the cluster's DNS address. The only change
 * is the image: the CoreDNS image made here (images.ts), pulled through the local registry.
 */
import { parseAllDocuments } from "yaml";
import { IMAGE_REFS } from "../images/index.js";

/** kubeadm's default Corefile for `domain`. */
export function kubeadmCorefile(domain: string): string {
  return `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;
}

export interface ApiObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  [key: string]: unknown;
}

/** The REST collection path an object is created under. */
export function collectionPath(o: ApiObject): string {
  const plural: Record<string, string> = {
    ServiceAccount: "serviceaccounts",
    ClusterRole: "clusterroles",
    ClusterRoleBinding: "clusterrolebindings",
    CustomResourceDefinition: "customresourcedefinitions",
    ConfigMap: "configmaps",
    Deployment: "deployments",
    Service: "services",
  };
  const kind = plural[o.kind];
  if (!kind) throw new Error(`no collection known for ${o.kind}`);
  const group = o.apiVersion === "v1" ? "/api/v1" : `/apis/${o.apiVersion}`;
  return `${group}${o.metadata.namespace ? `/namespaces/${o.metadata.namespace}` : ""}/${kind}`;
}

/** kubeadm's addon manifests (see above), with placeholders for what varies. */
const ADDON = `
apiVersion: v1
kind: ServiceAccount
metadata: { name: coredns, namespace: kube-system }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: "system:coredns" }
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: "system:coredns" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "system:coredns" }
subjects: [{ kind: ServiceAccount, name: coredns, namespace: kube-system }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: coredns, namespace: kube-system }
data:
  Corefile: |
    __COREFILE__
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: coredns, namespace: kube-system, labels: { k8s-app: kube-dns } }
spec:
  replicas: __REPLICAS__
  strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 1 } }
  selector: { matchLabels: { k8s-app: kube-dns } }
  template:
    metadata: { labels: { k8s-app: kube-dns } }
    spec:
      priorityClassName: system-cluster-critical
      serviceAccountName: coredns
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 100
            podAffinityTerm:
              labelSelector:
                matchExpressions: [{ key: k8s-app, operator: In, values: [kube-dns] }]
              topologyKey: kubernetes.io/hostname
      tolerations:
      - { key: CriticalAddonsOnly, operator: Exists }
      - { key: node-role.kubernetes.io/control-plane, effect: NoSchedule }
      nodeSelector: { kubernetes.io/os: linux }
      containers:
      - name: coredns
        image: __IMAGE__
        imagePullPolicy: IfNotPresent
        resources:
          limits: { memory: 170Mi }
          requests: { cpu: 100m, memory: 70Mi }
        args: ["-conf", "/etc/coredns/Corefile"]
        volumeMounts: [{ name: config-volume, mountPath: /etc/coredns, readOnly: true }]
        ports:
        - { containerPort: 53, name: dns, protocol: UDP }
        - { containerPort: 53, name: dns-tcp, protocol: TCP }
        - { containerPort: 9153, name: metrics, protocol: TCP }
        livenessProbe:
          httpGet: { path: /health, port: 8080, scheme: HTTP }
          initialDelaySeconds: 60
          timeoutSeconds: 5
          successThreshold: 1
          failureThreshold: 5
        readinessProbe:
          httpGet: { path: /ready, port: 8181, scheme: HTTP }
        securityContext:
          allowPrivilegeEscalation: false
          capabilities: { add: [NET_BIND_SERVICE], drop: [ALL] }
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
      - name: config-volume
        configMap: { name: coredns, items: [{ key: Corefile, path: Corefile }] }
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: { k8s-app: kube-dns, kubernetes.io/cluster-service: "true", kubernetes.io/name: CoreDNS }
  annotations: { prometheus.io/port: "9153", prometheus.io/scrape: "true" }
spec:
  clusterIP: __DNS_IP__
  ports:
  - { name: dns, port: 53, protocol: UDP, targetPort: 53 }
  - { name: dns-tcp, port: 53, protocol: TCP, targetPort: 53 }
  - { name: metrics, port: 9153, protocol: TCP, targetPort: 9153 }
  selector: { k8s-app: kube-dns }
`;

/** The addon's objects, in creation order. */
export function corednsAddon(o: { dnsServiceIp: string; corefile: string; replicas?: number }): ApiObject[] {
  const values: Record<string, string> = {
    COREFILE: o.corefile.trimEnd().replace(/\n/g, "\n    "),
    REPLICAS: String(o.replicas ?? 2),
    IMAGE: IMAGE_REFS.coredns,
    DNS_IP: o.dnsServiceIp,
  };
  const text = ADDON.replace(/__([A-Z_]+)__/g, (_, k: string) => values[k]!);
  return parseAllDocuments(text).map((d) => d.toJS() as ApiObject);
}
