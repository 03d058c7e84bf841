/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver and kube-controller-manager built
 * by `netspec local build`, with the flags a kubeadm cluster would pass where they matter for DNS and
 * services (service CIDR, the EndpointSlice and namespace controllers) and the simplest safe auth
 * (one static token over TLS with the API server's self-signed certificate, everything allowed: the
 * server only listens on 127.0.0.1).
 *
 * Left out on purpose for today's local target (`real: false`): kube-scheduler and kubelet (the local
 * target binds pods and writes their status itself, see kubelet-stand-in.ts), the node lifecycle
 * controller (it would mark nodes without a kubelet NotReady and evict their pods) and the
 * service-account admission (pods need no tokens here). The real local cluster (cluster/) asks for
 * `real: true`: service-account tokens for pods (CoreDNS reads the API with one), the root CA
 * published as kube-root-ca.crt, the node lifecycle controller (it lifts the not-ready taint
 * TaintNodesByCondition puts on new nodes), and extra API server flags of its own.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { freePort, portFree, Processes, until } from "./processes.js";

export interface ControlPlaneOptions {
  bins: Record<string, string>;
  /** Scratch directory: etcd data, certificates, kubeconfig, logs. */
  dir: string;
  serviceCidrs: string[];
  /**
   * What the API server publishes as the `kubernetes` Service's endpoint (the first control-plane
   * node's address): EndpointSlices refuse loopback addresses, and the server only listens on
   * 127.0.0.1 whatever it advertises.
   */
  advertiseAddress?: string;
  /** Real nodes: service accounts, the node lifecycle controller, the root CA for pods (see above). */
  real?: boolean;
  /** More kube-apiserver flags (the cluster's egress selector, kubelet address types). */
  apiserverFlags?: string[];
  /** The API server's port: 6443 when free unless set (0: any free port, for tests beside a cluster). */
  apiPort?: number;
  /** Processes to run under (the cluster's, which journals every process it starts). */
  processes?: Processes;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export const LOCAL_TOKEN = "netspec-local-token";
const TOKEN = LOCAL_TOKEN;

export class ControlPlane {
  readonly processes: Processes;
  kubeconfig = "";
  server = "";
  /** The API server's port on 127.0.0.1. */
  port = 0;

  private constructor(private readonly o: ControlPlaneOptions) {
    this.processes = o.processes ?? new Processes(o.dir);
  }

  static async start(o: ControlPlaneOptions): Promise<ControlPlane> {
    const cp = new ControlPlane(o);
    try {
      await cp.boot();
    } catch (e) {
      await cp.stop();
      throw e;
    }
    return cp;
  }

  private async boot(): Promise<void> {
    const { dir, bins } = this.o;
    for (const d of ["etcd", "pki"]) mkdirSync(`${dir}/${d}`, { recursive: true });
    const host = "127.0.0.1";
    const [etcdClient, etcdPeer] = [await freePort(host), await freePort(host)];
    // 6443 as on kubeadm clusters (the `kubernetes` endpoint's port), unless another run holds it.
    const apiPort = await pickApiPort(host, this.o.apiPort ?? 6443);
    const etcdUrl = `http://${host}:${etcdClient}`;
    this.o.log?.(`local: etcd on ${etcdUrl}`);
    this.processes.start("etcd", [
      bins.etcd!,
      "--data-dir",
      `${dir}/etcd`,
      "--listen-client-urls",
      etcdUrl,
      "--advertise-client-urls",
      etcdUrl,
      "--listen-peer-urls",
      `http://${host}:${etcdPeer}`,
      "--initial-advertise-peer-urls",
      `http://${host}:${etcdPeer}`,
      "--initial-cluster",
      `default=http://${host}:${etcdPeer}`,
      "--unsafe-no-fsync",
    ]);
    await until("etcd", () => httpOk(`${etcdUrl}/health`), this.waitOpts("etcd", 30_000));

    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(`${dir}/pki/sa.key`, privateKey.export({ type: "pkcs1", format: "pem" }));
    writeFileSync(`${dir}/pki/tokens.csv`, `${TOKEN},admin,admin,system:masters\n`);
    // Another run may take 6443 between the check and the bind: then once more on a free port.
    for (let attempt = 0; ; attempt++) {
      const port = attempt === 0 ? apiPort : await freePort(host);
      this.server = `https://${host}:${port}`;
      this.o.log?.(`local: kube-apiserver on ${this.server}`);
      this.processes.start("kube-apiserver", [
        bins["kube-apiserver"]!,
        `--etcd-servers=${etcdUrl}`,
        `--bind-address=${host}`,
        `--advertise-address=${this.o.advertiseAddress ?? "10.0.0.1"}`,
        `--secure-port=${port}`,
        `--cert-dir=${dir}/pki`,
        `--token-auth-file=${dir}/pki/tokens.csv`,
        "--authorization-mode=AlwaysAllow",
        `--service-account-key-file=${dir}/pki/sa.key`,
        `--service-account-signing-key-file=${dir}/pki/sa.key`,
        "--service-account-issuer=https://kubernetes.default.svc",
        `--service-cluster-ip-range=${this.o.serviceCidrs.join(",")}`,
        ...(this.o.real ? [] : ["--disable-admission-plugins=ServiceAccount"]),
        "--allow-privileged=true",
        ...(this.o.apiserverFlags ?? []),
      ]);
      try {
        await until(
          "kube-apiserver /readyz",
          () => httpOk(`${this.server}/readyz`, TOKEN),
          this.waitOpts("kube-apiserver", 90_000),
        );
        this.port = port;
        break;
      } catch (e) {
        if (attempt > 0 || !/address already in use/.test((e as Error).message)) throw e;
        await this.processes.stop("kube-apiserver");
      }
    }

    this.kubeconfig = `${dir}/kubeconfig`;
    writeFileSync(this.kubeconfig, kubeconfigText(this.server));
    this.o.log?.("local: kube-controller-manager");
    this.processes.start("kube-controller-manager", [
      bins["kube-controller-manager"]!,
      `--kubeconfig=${this.kubeconfig}`,
      `--controllers=${this.o.real ? "*,-serviceaccount-token,-nodeipam" : "*,-serviceaccount-token,-nodelifecycle,-nodeipam"}`,
      "--leader-elect=false",
      "--secure-port=0",
      `--service-cluster-ip-range=${this.o.serviceCidrs.join(",")}`,
      // The API server's self-signed serving certificate bundle holds its CA: pods verify with it.
      ...(this.o.real ? [`--root-ca-file=${dir}/pki/apiserver.crt`] : []),
    ]);
  }

  private waitOpts(name: string, timeoutMs: number) {
    return { timeoutMs, signal: this.o.signal, check: () => this.processes.check(name) };
  }

  async stop(): Promise<void> {
    await this.processes.stop();
  }
}

/** `wanted` when free (0: none wanted), else any free port. */
async function pickApiPort(host: string, wanted: number): Promise<number> {
  return wanted !== 0 && (await portFree(host, wanted)) ? wanted : freePort(host);
}

function kubeconfigText(server: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: netspec-local
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    token: ${TOKEN}
contexts:
- name: netspec-local
  context: { cluster: netspec-local, user: admin }
current-context: netspec-local
`;
}

/** GET `url` → 200? (self-signed TLS accepted: the server is the one we just started on loopback). */
function httpOk(url: string, token?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const mod = url.startsWith("https:") ? https : http;
    const req = mod.get(
      url,
      {
        rejectUnauthorized: false,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        timeout: 2000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("error", () => resolve(false));
    req.on("timeout", () => (req.destroy(), resolve(false)));
  });
}
