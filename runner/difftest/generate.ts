/**
 * Random but valid DNS scenarios for the differential tester: namespaces, ClusterIP, headless,
 * ExternalName and selectorless Services (with hand-made EndpointSlices), pods with and without
 * hostname/subdomain, not-ready pods, publishNotReadyAddresses, named target ports, and a kubernetes
 * plugin configuration; then the questions to ask about them (every record type the plugin serves,
 * names that exist and names that do not, mixed case, reverse lookups).
 *
 * Everything derives from the seed. Addresses the cluster assigns (cluster IPs, pod IPs) are not
 * known here: queries that need them are derived after the reference target has applied the scenario.
 */
import { Rng } from "./rng.js";
import { reverseName, type AddressBook, type AddressOwner } from "../parity/index.js";

export interface Scenario {
  /** `seed:index`, printed with every disagreement so a case can be run alone. */
  id: string;
  /** Lines inside the Corefile's kubernetes block. */
  kubernetesOptions: string[];
  /** YAML documents, each complete. */
  documents: string[];
  /** Names whose answers depend only on the manifests. */
  queries: Query[];
  /** What to look up once addresses are known. */
  services: { namespace: string; name: string; headless: boolean; external: boolean }[];
  pods: { namespace: string; name: string }[];
}

export interface Query {
  /** The name asked (of the reference, when `about` is set). */
  name: string;
  type: string;
  /**
   * A name built from an object's address: each target is asked about its own address of that
   * object (address-book.ts), in the form given.
   */
  about?: { symbol: string; form: "reverse" | "pod-name"; namespace?: string };
}

export const DOMAIN = "cluster.local";

/** Upstream world for ExternalName targets and fallthrough names (served by both targets). */
export const UPSTREAM = [
  { name: "example.com", type: "A", data: "93.184.216.34", ttl: 300 },
  { name: "www.example.org", type: "CNAME", data: "example.com.", ttl: 300 },
];

const OPTION_SETS: string[][] = [
  ["pods insecure", "fallthrough in-addr.arpa ip6.arpa", "ttl 30"],
  ["pods verified", "fallthrough in-addr.arpa ip6.arpa", "ttl 30"],
  ["pods disabled", "fallthrough in-addr.arpa ip6.arpa", "ttl 5"],
  ["pods insecure", "endpoint_pod_names", "fallthrough in-addr.arpa ip6.arpa"],
  ["pods verified", "ignore empty_service", "ttl 60"],
  ["pods insecure", "fallthrough"],
];

/** The Corefile for a case: kubeadm's default with the case's kubernetes options. */
export function corefileFor(options: string[]): string {
  return `.:53 {
    errors
    health {
        lameduck 5s
    }
    ready
    kubernetes ${DOMAIN} in-addr.arpa ip6.arpa {
${options.map((o) => `        ${o}`).join("\n")}
    }
    forward . /etc/resolv.conf
    cache 30 {
        disable success ${DOMAIN}
        disable denial ${DOMAIN}
    }
    loop
    loadbalance
}
`;
}

/**
 * Case `index` of a run seeded with `seed`. The kubernetes options change every `batch` cases (a new
 * Corefile restarts a real CoreDNS, so cases sharing one run back to back).
 */
export function generate(seed: number, index: number, batch = 20): Scenario {
  const r = new Rng(((seed * 0x9e3779b1) ^ (index * 0x85ebca6b)) >>> 0);
  const options = OPTION_SETS[new Rng(seed + Math.floor(index / batch)).int(0, OPTION_SETS.length - 1)]!;
  const namespaces = ["default", ...r.some(["alpha", "beta"], 0.5)];
  const documents: string[] = [];
  const queries: Query[] = [];
  const services: Scenario["services"] = [];
  const pods: Scenario["pods"] = [];
  const apps = ["a", "b", "c"];
  for (const ns of namespaces) {
    if (ns !== "default") documents.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}`);
    const headlessNames: string[] = [];
    const nServices = r.int(1, 4);
    for (let i = 0; i < nServices; i++) {
      const name = `s${i}`;
      const kind = r.pick([
        "clusterip",
        "clusterip",
        "headless",
        "headless",
        "external",
        "selectorless",
      ] as const);
      const app = r.pick(apps);
      const targetPort = r.pick(["web", "8080", "web"]);
      const ports = [
        `{ name: http, port: 80, targetPort: ${/^\d+$/.test(targetPort) ? targetPort : targetPort} }`,
      ];
      if (r.chance(0.3)) ports.push("{ name: dns, port: 53, protocol: UDP }");
      const fqdn = `${name}.${ns}.svc.${DOMAIN}`;
      if (kind === "external") {
        const target = r.pick([
          "example.com",
          "www.example.org",
          `s0.default.svc.${DOMAIN}`,
          "nowhere.example.net",
        ]);
        documents.push(
          `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  type: ExternalName\n  externalName: ${target}`,
        );
        services.push({ namespace: ns, name, headless: false, external: true });
        queries.push({ name: fqdn, type: "A" }, { name: fqdn, type: "CNAME" }, { name: fqdn, type: "AAAA" });
        continue;
      }
      const headless = kind === "headless" || kind === "selectorless";
      const pnra = headless && r.chance(0.3) ? "\n  publishNotReadyAddresses: true" : "";
      const selector = kind === "selectorless" ? "" : `\n  selector: { app: ${app} }`;
      documents.push(
        `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:${headless ? "\n  clusterIP: None" : ""}${selector}${pnra}\n  ports: [${ports.join(", ")}]`,
      );
      if (kind === "selectorless") {
        const eps: string[] = [];
        for (let e = 0, n = r.int(1, 3); e < n; e++) {
          const host = r.chance(0.4) ? `\n    hostname: ep${e}` : "";
          const ready = r.pick(["true", "true", "false"]);
          eps.push(
            `  - addresses: [192.168.${r.int(0, 3)}.${r.int(1, 250)}]${host}\n    conditions: { ready: ${ready} }`,
          );
        }
        documents.push(
          `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${name}-1\n  namespace: ${ns}\n  labels: { kubernetes.io/service-name: ${name} }\naddressType: IPv4\nports: [{ name: http, port: 80, protocol: TCP }]\nendpoints:\n${eps.join("\n")}`,
        );
        queries.push({ name: `ep0.${fqdn}`, type: "A" });
      }
      if (kind === "headless") headlessNames.push(name);
      services.push({ namespace: ns, name, headless, external: false });
      queries.push(
        { name: fqdn, type: "A" },
        { name: fqdn, type: "AAAA" },
        { name: fqdn, type: "SRV" },
        { name: `_http._tcp.${fqdn}`, type: "SRV" },
        { name: `_dns._udp.${fqdn}`, type: "SRV" },
        { name: `_http._udp.${fqdn}`, type: "SRV" },
        { name: fqdn, type: "TXT" },
        { name: fqdn, type: r.pick(["MX", "SOA", "NS", "ANY", "CAA"]) },
        { name: `nosuch.${fqdn}`, type: "A" },
      );
    }
    for (let i = 0, n = r.int(0, 4); i < n; i++) {
      const name = `p${i}`;
      const app = r.pick(apps);
      const sub = headlessNames.length && r.chance(0.4) ? r.pick(headlessNames) : undefined;
      const hostname = sub || r.chance(0.2) ? `\n  hostname: h${i}` : "";
      const subdomain = sub ? `\n  subdomain: ${sub}` : "";
      const port = r.pick(["8080", "9090"]);
      // Never Ready on any target: kubelet probes a port no container serves (a pinned status
      // would hold only on the reference; the API server drops it on create).
      const notReady = r.chance(0.25) ? `, readinessProbe: { tcpSocket: { port: 8081 } }` : "";
      documents.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  labels: { app: ${app} }\nspec:${hostname}${subdomain}\n  containers: [{ name: c, image: registry.k8s.io/pause:3.9, ports: [{ name: web, containerPort: ${port} }]${notReady} }]`,
      );
      pods.push({ namespace: ns, name });
      if (sub) queries.push({ name: `h${i}.${sub}.${ns}.svc.${DOMAIN}`, type: "A" });
    }
    queries.push(
      { name: `${ns}.svc.${DOMAIN}`, type: "A" },
      { name: `nosuch.${ns}.svc.${DOMAIN}`, type: "A" },
    );
  }
  queries.push(
    { name: `svc.${DOMAIN}`, type: "A" },
    { name: `${DOMAIN}`, type: "SOA" },
    { name: `${DOMAIN}`, type: "NS" },
    { name: `dns-version.${DOMAIN}`, type: "TXT" },
    { name: `nosuchns.svc.${DOMAIN}`, type: "A" },
    { name: `s0.nosuchns.svc.${DOMAIN}`, type: "A" },
    { name: `pod.${DOMAIN}`, type: "A" },
    { name: "example.com", type: "A" },
    { name: "nowhere.example.net", type: "A" },
  );
  // Mixed case: the same question with some letters upper-cased (answers echo the question's case).
  const mixed = queries
    .filter(() => r.chance(0.15))
    .map((q) => ({ ...q, name: [...q.name].map((c) => (r.chance(0.5) ? c.toUpperCase() : c)).join("") }));
  return {
    id: `${seed}:${index}`,
    kubernetesOptions: options,
    documents,
    queries: [...queries, ...mixed],
    services,
    pods,
  };
}

/** Queries that need the addresses the cluster assigned: PTRs of cluster and pod IPs, pod A records. */
/**
 * Questions about the objects' addresses: the reverse name of every cluster IP and pod IP, the pod
 * name (`a-b-c-d.<ns>.pod.<zone>`) of every pod IP, and one reverse name nobody owns.
 */
export function addressQueries(owners: AddressOwner[]): Query[] {
  const out: Query[] = [];
  for (const o of owners) {
    out.push({ name: reverseName(o.ip), type: "PTR", about: { symbol: o.symbol, form: "reverse" } });
    const pod = /^ip\(pod ([^/]+)\//.exec(o.symbol);
    if (pod)
      out.push({
        name: podName(o.ip, pod[1]!),
        type: "A",
        about: { symbol: o.symbol, form: "pod-name", namespace: pod[1]! },
      });
  }
  out.push({ name: reverseName("10.96.254.254"), type: "PTR" });
  return out;
}

const podName = (ip: string, namespace: string) => `${ip.replaceAll(".", "-")}.${namespace}.pod.${DOMAIN}`;

/** The name `q` asks on a target with these addresses (the reference's name when it has none). */
export function nameOn(q: Query, book: AddressBook): string {
  const ip = q.about && book.ip(q.about.symbol);
  if (!q.about || !ip) return q.name;
  return q.about.form === "reverse" ? reverseName(ip) : podName(ip, q.about.namespace!);
}
