/**
 * The arbiter: a real kube-apiserver 1.31.4 (with etcd and kube-controller-manager, the control
 * plane `netspec local build` makes and the local target runs) driven by its own kubectl, exactly as
 * a user would: `kubectl apply -f` for a case's namespace and setup, then
 * `kubectl apply --dry-run=server -o json -f` for the probe (or a real apply when allocators decide).
 * Namespaces are deleted in batches as the run goes.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { ControlPlane, execaRunner, localBinaries, type CommandRunner } from "../../targets/index.js";
import type { AdmissionCase } from "./case.js";
import type { Outcome } from "./outcome.js";
import { outcomeFromKubectl } from "./outcome.js";

export interface RealServerOptions {
  dir: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** The binaries (default: `netspec local build`'s cache, building what is missing). */
  bins?: Record<string, string>;
}

/** The service CIDR both sides use (kubeadm's default, what the local target runs). */
export const SERVICE_CIDR = "10.96.0.0/12";

export class RealServer {
  private readonly runner: CommandRunner = execaRunner();
  private readonly pendingNamespaces: string[] = [];
  private readonly pendingFiles: string[] = [];

  private constructor(
    private readonly cp: ControlPlane,
    private readonly kubectlPath: string,
    readonly dir: string,
    private readonly signal?: AbortSignal,
  ) {}

  static async start(o: RealServerOptions): Promise<RealServer> {
    const bins =
      o.bins ??
      (await localBinaries({ corednsVersion: "v1.14.7", env: o.env, log: o.log, signal: o.signal }));
    // A fresh etcd every run: what an earlier run left (namespaces still terminating) must not meet this one.
    rmSync(join(o.dir, "control-plane"), { recursive: true, force: true });
    mkdirSync(join(o.dir, "cases"), { recursive: true });
    const cp = await ControlPlane.start({
      bins,
      dir: join(o.dir, "control-plane"),
      serviceCidrs: [SERVICE_CIDR],
      signal: o.signal,
      log: o.log,
    });
    const server = new RealServer(cp, bins.kubectl!, o.dir, o.signal);
    // The default ServiceAccount and namespaces come with the controller manager: wait for them.
    await server.kubectl([
      "wait",
      "--for=jsonpath={.status.phase}=Active",
      "namespace/default",
      "--timeout=60s",
    ]);
    return server;
  }

  /** Where a case's files live (the same path is given to the engine, so messages name it alike). */
  caseFile(c: AdmissionCase, part: "setup" | "probe"): string {
    return join(this.dir, "cases", `${c.id.replace(":", "-")}-${part}.yaml`);
  }

  kubectl(args: string[], input?: string) {
    return this.runner.run([this.kubectlPath, "--kubeconfig", this.cp.kubeconfig, ...args], {
      input,
      signal: this.signal,
    });
  }

  /** Creates the case's namespace and setup objects; throws when the server refuses one. */
  async prepare(c: AdmissionCase, namespaceDoc: string): Promise<void> {
    const file = this.caseFile(c, "setup");
    writeFileSync(file, [namespaceDoc, ...c.setup].join("\n---\n") + "\n");
    const r = await this.kubectl(["apply", "-f", file]);
    if (r.code !== 0) throw new Error(`setup refused by kube-apiserver: ${r.stderr.trim()}`);
    this.pendingNamespaces.push(c.namespace);
    if (c.setup.length) this.pendingFiles.push(file);
    for (const name of crdNames(c.setup)) {
      const w = await this.kubectl(["wait", "--for=condition=Established", `crd/${name}`, "--timeout=30s"]);
      if (w.code !== 0)
        throw new Error(`CustomResourceDefinition ${name} not established: ${w.stderr.trim()}`);
    }
  }

  /** Applies the probe (dry run unless the case creates) and reads the verdict the way kubectl prints it. */
  async probe(c: AdmissionCase): Promise<Outcome> {
    const file = this.caseFile(c, "probe");
    writeFileSync(file, c.probe + "\n");
    const args = ["apply", "-o", "json", "-f", file];
    if (!c.create) args.splice(1, 0, "--dry-run=server");
    const r = await this.kubectl(args);
    if (c.create) this.pendingFiles.push(file);
    return outcomeFromKubectl(r.code, r.stdout, r.stderr);
  }

  /** Deletes what finished cases left (namespaces, cluster-scoped objects), without waiting. */
  async sweep(force = false): Promise<void> {
    if (!force && this.pendingNamespaces.length < 40) return;
    const files = this.pendingFiles.splice(0);
    const namespaces = this.pendingNamespaces.splice(0);
    for (const f of files)
      await this.kubectl(["delete", "-f", f, "--wait=false", "--ignore-not-found"]).catch(() => undefined);
    if (namespaces.length)
      await this.kubectl(["delete", "namespace", ...namespaces, "--wait=false", "--ignore-not-found"]).catch(
        () => undefined,
      );
  }

  async stop(): Promise<void> {
    await this.cp.stop();
  }
}

function crdNames(docs: string[]): string[] {
  return docs.flatMap((d) => {
    const o = parse(d, { version: "1.1" }) as { kind?: string; metadata?: { name?: string } } | null;
    return o?.kind === "CustomResourceDefinition" && o.metadata?.name ? [o.metadata.name] : [];
  });
}
