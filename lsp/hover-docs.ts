/** Short explanations shown on hover, for the words of the language a reader most often looks up. */
export const HOVER: Record<string, string> = {
  A: "DNS record type A: an IPv4 address (a ClusterIP service's cluster IP, or one per ready endpoint of a headless service).",
  AAAA: "DNS record type AAAA: an IPv6 address.",
  SRV: "DNS record type SRV: priority, weight, port and target; one per named port (`_port._proto.svc.ns.svc.zone`).",
  PTR: "DNS record type PTR: the reverse name of a cluster IP or endpoint address.",
  CNAME: "DNS record type CNAME: what an ExternalName service answers.",
  TXT: "DNS record type TXT: `dns-version.<zone>` carries the schema version.",
  SOA: "DNS record type SOA: in the authority section of every negative answer from the kubernetes plugin.",
  NS: "DNS record type NS: the zone's nameservers (the DNS service).",
  NOERROR: "rcode NOERROR: the name exists (an empty answer is NODATA).",
  NXDOMAIN: "rcode NXDOMAIN: the name does not exist.",
  SERVFAIL: "rcode SERVFAIL: the server failed (upstream unreachable, no plugin answered, API not synced).",
  REFUSED: "rcode REFUSED: no server block is authoritative for the name.",
  dns: "probe `expect dns TYPE NAME [from …] [over tcp] [server IP:PORT] [bufsize N] { … }`: one query, judged on rcode, flags, sections, TTLs.",
  resolve:
    'probe `expect resolve "name" [A|AAAA|ANY] from pod NS/POD { … }`: the stub resolver\'s whole walk (tries, answer, rcode, source).',
  connect:
    "probe `expect connect from … to … port N/PROTO { … }`: verdict (allowed, denied, refused, timeout, rejected), landing pod, reasons.",
  path: "probe `expect path …`: like connect, judged on its hop trace (`hops […]`).",
  reach:
    "probe `expect reach port N/PROTO { matrix }`: a NetworkPolicy truth table; `.` allowed, `X` denied, `-` not scored.",
  "resolv-conf":
    "probe `expect resolv-conf of pod NS/POD { … }`: the resolv.conf kubelet writes (search, nameserver, options).",
  hosts: "probe `expect hosts of pod NS/POD { … }`: the /etc/hosts kubelet writes.",
  endpoints:
    "probe `expect endpoints of service NS/NAME { … }`: the EndpointSlice addresses (ready and not).",
  coredns: "probe `expect coredns { status …; log matches … }`: the CoreDNS replicas' state.",
  "ip(": "`ip(pod NS/NAME)`: the pod's IPs, resolved by the target at run time.",
  "cluster-ip(":
    "`cluster-ip(service NS/NAME)`: the service's cluster IPs, resolved by the target at run time.",
  "node-ip(": "`node-ip(node NAME)`: the node's InternalIP.",
  "ips(": "`ips(pods NS where k=v)`: the IPs of every matching pod.",
  "name(": "`name(pod NS/NAME)`: the pod's `ns/name`, for lands-on and candidates.",
  fault:
    "`fault NAME [ARGS]`: inject a failure for the rest of the test (healed at its end); see docs/faults.md or `netspec explain`.",
  heal: "`heal NAME`: undo a fault before the test ends.",
  apply:
    '`apply file "x.yaml"`, `apply dir "manifests"` or `apply """ yaml """`: manifests, admitted as kube-apiserver would.',
  use: "`use FIXTURE`: inline the steps of a fixture (defined in this file or an imported one).",
  wait: "`wait 30s`: advance time (virtual on the reference engine): reload delays, TTLs, controllers.",
};
