/**
 * The real targets: a kind cluster the run creates (or reuses) and an existing cluster reached through
 * a kubeconfig context. Everything goes through kubectl (and kind) on the CommandRunner seam:
 * manifests applied into per-run namespaces (namespaces.ts), readiness waited for, symbolic values read
 * from the live API, DNS probes run with `dig` inside pods and parsed into the reference target's
 * observation shape, everything the run created deleted in reverse order at the end (also after a
 * failure or Ctrl-C, when the runner disposes the target).
 *
 * Resolver walks are observed with `dig +search +showsearch` in the source pod (dig's search rules,
 * which follow the same ndots/search list as glibc), connects with `agnhost connect` (the source pod
 * runs the e2e agnhost image). dns-outage, dns-replicas-down and dns-selector-mismatch are realised on
 * kind clusters (real-faults.ts). Not yet: the backend a connection landed on (needs servers that
 * answer with their pod name), hop traces and reach tables, the other faults (docs/faults.md): those
 * are reported unsupported, so the cases are skipped with the reason rather than passing.
 */
import { parse } from "yaml";
import type { ManifestText, ObjectRef, PatchOp, Probe, Value } from "../../../dsl/index.js";
import type { DnsObs, Observation } from "../../observation.js";
import {
  TargetError,
  type Capabilities,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "../target.js";
import type { CommandResult, CommandRunner } from "./commands.js";
import { parseDig } from "./dig-output.js";
import { parseAgnhostConnect, parseDigSearch } from "./probe-output.js";
import { REAL_FAULTS } from "./real-faults.js";
import { kindConfig } from "./kind-config.js";
import { NamespaceMap } from "./namespaces.js";

export interface KubeTargetOptions {
  /** `kind` or `cluster:CONTEXT`. */
  spec: string;
  runner: CommandRunner;
  /** kind: reuse (or create once under) this cluster name; otherwise `netspec-<seed>`. */
  kindCluster?: string;
  /** kind: keep the cluster after the run. */
  keep?: boolean;
  /** Image with dig for the default DNS probe pod. */
  probeImage?: string;
  /** --dry-run: commands are printed, nothing is observed. */
  dryRun?: boolean;
}

const UNSUPPORTED: Partial<Record<Probe["kind"], string>> = {
  path: "hop traces exist only on the reference engine",
  reach: "truth tables on real clusters need connect probes: not implemented yet",
  coredns: "CoreDNS status on real clusters is not observed yet",
  apply: "`expect apply` on real clusters is not implemented yet",
};

export class KubeTarget implements Target {
  readonly name: string;
  readonly params: Record<string, string> = {};
  protected context = "";
  private createdCluster?: string;
  protected ns = new NamespaceMap("netspec");
  protected cases = 0;
  private kindName?: string;

  constructor(protected readonly o: KubeTargetOptions) {
    this.name = o.spec;
  }

  capabilities(): Capabilities {
    const probes: Capabilities["probes"] = {};
    for (const k of ["dns", "resolve", "connect", "resolv-conf", "hosts", "endpoints", "object"] as const)
      probes[k] = true;
    for (const [k, why] of Object.entries(UNSUPPORTED)) probes[k as Probe["kind"]] = why;
    // Faults act on kube-system: only on a kind cluster (the run's own, or one named with
    // --kind-cluster), never on an existing cluster.
    const faults: Capabilities["faults"] = {};
    for (const f of Object.keys(REAL_FAULTS))
      faults[f] = this.o.spec === "kind" ? true : `fault ${f} modifies kube-system: only on the kind target`;
    return { probes, faults };
  }

  protected async sh(argv: string[], ctx: TargetContext, input?: string): Promise<CommandResult> {
    const full =
      argv[0] === "kubectl" && this.context ? ["kubectl", "--context", this.context, ...argv.slice(1)] : argv;
    const r = await this.o.runner.run(full, { input, signal: ctx.signal });
    ctx.log(`$ ${full.join(" ")} → ${r.code}`);
    if (r.code !== 0) {
      const out = `${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-8).join("\n");
      throw new TargetError(
        `\`${full.join(" ")}\` exited with ${r.code}${out ? `:\n${out}` : ""}`,
        r.code === 127 ? "internal" : "user",
        undefined,
        out,
      );
    }
    return r;
  }

  async prepare(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    if (this.context) return;
    if (this.o.spec.startsWith("cluster:")) {
      this.context = this.o.spec.slice("cluster:".length);
      return;
    }
    const name = this.o.kindCluster ?? `netspec-${ctx.seed}`;
    const existing = this.o.dryRun ? "" : (await this.sh(["kind", "get", "clusters"], ctx)).stdout;
    if (!existing.split("\n").includes(name)) {
      await this.sh(
        ["kind", "create", "cluster", "--name", name, "--wait", "120s", "--config", "-"],
        ctx,
        kindConfig(setup.cluster),
      );
      if (!this.o.keep && !this.o.kindCluster) this.createdCluster = name;
    }
    this.context = `kind-${name}`;
    this.kindName = name;
  }

  async reset(_setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    await this.cleanup(ctx);
    this.ns = new NamespaceMap(`netspec-${ctx.seed}-${++this.cases}`);
  }

  /** Deletes the namespaces the previous case created, newest first. */
  protected async cleanup(ctx: TargetContext): Promise<void> {
    const created = [...this.ns.created.values()].reverse();
    for (const n of created)
      await this.sh(["kubectl", "delete", "namespace", n, "--wait=false", "--ignore-not-found"], ctx);
    this.ns.created.clear();
  }

  async apply(manifests: ManifestText[], ctx: TargetContext): Promise<void> {
    const namespaces = await this.applyManifests(manifests, ctx);
    for (const n of namespaces)
      await this.sh(
        ["kubectl", "wait", "--for=condition=Ready", "pod", "--all", "-n", n, "--timeout=120s"],
        ctx,
      );
  }

  /** `kubectl apply` of the manifests in the run's namespaces (created first); returns those namespaces. */
  protected async applyManifests(manifests: ManifestText[], ctx: TargetContext): Promise<string[]> {
    let text = manifests.map((m) => this.ns.manifests(m.text)).join("---\n");
    // kind names nodes `<cluster>-control-plane`, `<cluster>-worker2` (kind's MakeNodeNamer): pods
    // pinned to the nodes of a cluster named `kind` (the seed transcripts) follow the run's cluster.
    if (this.kindName && this.kindName !== "kind")
      text = text.replace(/^(\s*nodeName:\s*["']?)kind-/gm, `$1${this.kindName}-`);
    // Namespaces first, in the same apply (kubectl applies a stream in order): the manifests may
    // only mention them.
    const namespaces = [...this.ns.created.values()];
    const nsDocs = namespaces.map(
      (n) =>
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n  labels: { app.kubernetes.io/managed-by: netspec }\n`,
    );
    await this.sh(["kubectl", "apply", "-f", "-"], ctx, [...nsDocs, text].join("---\n"));
    return namespaces;
  }

  protected ref(ref: ObjectRef): [string, string] {
    return [this.ns.forward(ref.namespace ?? "default"), ref.name];
  }

  async delete(ref: ObjectRef, ctx: TargetContext): Promise<void> {
    const [n, name] = this.ref(ref);
    await this.sh(["kubectl", "delete", ref.kind, name, "-n", n, "--wait=true"], ctx);
  }

  async label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    ctx: TargetContext,
  ): Promise<void> {
    if (change.podTemplate)
      throw new TargetError("pod-template labels on real clusters are not implemented yet", "unsupported");
    const [n, name] = this.ref(ref);
    const args = [
      ...Object.entries(change.set).map(([k, v]) => `${k}=${v}`),
      ...change.remove.map((k) => `${k}-`),
    ];
    await this.sh(
      ["kubectl", change.annotate ? "annotate" : "label", "--overwrite", ref.kind, name, "-n", n, ...args],
      ctx,
    );
  }

  async patch(ref: ObjectRef, ops: PatchOp[], ctx: TargetContext): Promise<void> {
    const [n, name] = this.ref(ref);
    for (const op of ops) {
      if (op.op === "merge")
        // As JSON on the command line: kubectl cannot open /dev/stdin when it is a socket (Node's pipes).
        await this.sh(
          [
            "kubectl",
            "patch",
            ref.kind,
            name,
            "-n",
            n,
            "--type=merge",
            "-p",
            JSON.stringify(parse(op.patch.text)),
          ],
          ctx,
        );
      else {
        const path = `/${op.path.split(".").join("/")}`;
        const json = op.op === "set" ? [{ op: "add", path, value: op.value }] : [{ op: "remove", path }];
        await this.sh(
          ["kubectl", "patch", ref.kind, name, "-n", n, "--type=json", "-p", JSON.stringify(json)],
          ctx,
        );
      }
    }
  }

  async scale(ref: ObjectRef, replicas: number, ctx: TargetContext): Promise<void> {
    const [n, name] = this.ref(ref);
    await this.sh(["kubectl", "scale", ref.kind, name, "-n", n, `--replicas=${replicas}`], ctx);
  }

  private readonly healers = new Map<string, () => Promise<void>>();

  async fault(name: string, args: { key?: string; value: string }[], ctx: TargetContext): Promise<void> {
    const realise = REAL_FAULTS[name];
    if (!realise || this.o.spec !== "kind")
      throw new TargetError(
        `fault ${name} is not realised on ${this.name} yet (see docs/faults.md)`,
        "unsupported",
      );
    this.healers.set(name, await realise((argv, input) => this.sh(argv, ctx, input), args));
  }

  async heal(name: string): Promise<void> {
    const h = this.healers.get(name);
    this.healers.delete(name);
    await h?.();
  }

  async wait(ms: number, ctx: TargetContext): Promise<void> {
    if (this.o.dryRun) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      ctx.signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
    });
  }

  async resolve(value: Value, ctx: TargetContext): Promise<string[]> {
    if (value.kind === "ref") {
      const [n, name] = this.ref(value.target);
      if (value.fn === "name") return [`${value.target.namespace ?? "default"}/${value.target.name}`];
      const path: Record<string, string> = {
        ip: "{.status.podIPs[*].ip}",
        "cluster-ip": "{.spec.clusterIPs[*]}",
        "node-ip": '{.status.addresses[?(@.type=="InternalIP")].address}',
        "pod-cidr": "{.spec.podCIDRs[*]}",
        "external-ip": "{.spec.externalIPs[*]} {.status.loadBalancer.ingress[*].ip}",
      };
      const jp = path[value.fn];
      if (!jp) throw new TargetError(`${value.fn}() is not resolved on real clusters yet`, "unsupported");
      const kind = value.target.kind;
      const args =
        kind === "node" ? ["kubectl", "get", "node", name] : ["kubectl", "get", kind, name, "-n", n];
      const out = (await this.sh([...args, "-o", `jsonpath=${jp}`], ctx)).stdout;
      return out.split(/\s+/).filter(Boolean);
    }
    if (value.kind === "selection") {
      const n = this.ns.forward(value.namespace ?? "default");
      const sel = Object.entries(value.selector)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
      const jp = value.fn === "ips" ? "{.items[*].status.podIP}" : "{.items[*].metadata.name}";
      const out = (
        await this.sh(
          ["kubectl", "get", "pods", "-n", n, ...(sel ? ["-l", sel] : []), "-o", `jsonpath=${jp}`],
          ctx,
        )
      ).stdout;
      const items = out.split(/\s+/).filter(Boolean);
      return value.fn === "ips" ? items : items.map((p) => `${value.namespace ?? "default"}/${p}`);
    }
    if (value.kind === "string" || value.kind === "ident") return [value.value];
    if (value.kind === "number") return [String(value.value)];
    throw new TargetError(`a ${value.kind} value is not resolved on real clusters yet`, "unsupported");
  }

  async probe(probe: Probe, ctx: TargetContext): Promise<Observation> {
    if (UNSUPPORTED[probe.kind]) throw new TargetError(UNSUPPORTED[probe.kind]!, "unsupported");
    if (this.o.dryRun) {
      // Print the probe's command; there is nothing to observe.
      await this.observe(probe, ctx).catch(() => undefined);
      throw new TargetError("dry run: nothing was observed", "unsupported");
    }
    return this.observe(probe, ctx);
  }

  private async exec(
    from: Probe & { kind: "dns" },
    argv: string[],
    ctx: TargetContext,
  ): Promise<CommandResult> {
    if (from.from?.kind === "pod") {
      const [n, name] = this.ref(from.from.ref);
      return this.o.runner.run(["kubectl", "--context", this.context, "exec", "-n", n, name, "--", ...argv], {
        signal: ctx.signal,
      });
    }
    if (from.from)
      throw new TargetError(
        `DNS probes from a ${from.from.kind} are not run on real clusters yet`,
        "unsupported",
      );
    // The default source: a throwaway pod with dig in the run's default namespace.
    const n = this.ns.forward("default");
    const image = this.o.probeImage ?? "registry.k8s.io/e2e-test-images/agnhost:2.47";
    return this.o.runner.run(
      [
        "kubectl",
        "--context",
        this.context,
        "run",
        "netspec-probe",
        "-n",
        n,
        "--rm",
        "-i",
        "--restart=Never",
        "--quiet",
        `--image=${image}`,
        "--command",
        "--",
        ...argv,
      ],
      { signal: ctx.signal },
    );
  }

  protected async observe(probe: Probe, ctx: TargetContext): Promise<Observation> {
    switch (probe.kind) {
      case "dns": {
        const argv = ["dig", "+time=2", "+tries=1"];
        if (probe.transport === "tcp") argv.push("+tcp");
        argv.push(probe.bufsize ? `+bufsize=${probe.bufsize}` : "+noedns");
        if (probe.server) {
          const [ip, port] = probe.server.split(/:(?=\d+$)/);
          argv.push(`@${ip}`, ...(port ? ["-p", port] : []));
        }
        argv.push(this.ns.forwardName(probe.qname), probe.qtype);
        const r = await this.exec(probe, argv, ctx);
        return this.backDns(parseDig(r.stdout));
      }
      case "resolve": {
        if (probe.from.kind !== "pod")
          throw new TargetError(
            `resolver walks from a ${probe.from.kind} are not observed yet`,
            "unsupported",
          );
        const [n, name] = this.ref(probe.from.ref);
        const type = probe.qtype === "AAAA" ? "AAAA" : "A";
        const r = await this.o.runner.run(
          [
            "kubectl",
            "--context",
            this.context,
            "exec",
            "-n",
            n,
            name,
            "--",
            "dig",
            "+search",
            "+showsearch",
            "+time=2",
            "+tries=1",
            this.ns.forwardName(probe.name),
            type,
          ],
          { signal: ctx.signal },
        );
        const obs = parseDigSearch(r.stdout, type);
        obs.tries = obs.tries.map((t) => ({ ...t, name: this.ns.backName(t.name) }));
        if (obs.canonicalName) obs.canonicalName = this.ns.backName(obs.canonicalName);
        return obs;
      }
      case "connect": {
        if (probe.from.kind !== "pod")
          throw new TargetError(
            `connections from a ${probe.from.kind} are not probed on real clusters yet`,
            "unsupported",
          );
        if (typeof probe.port !== "number")
          throw new TargetError(
            "named ports in connect probes on real clusters are not resolved yet",
            "unsupported",
          );
        const [n, name] = this.ref(probe.from.ref);
        const to = probe.to;
        const host =
          to.kind === "pod"
            ? (await this.resolve({ kind: "ref", fn: "ip", target: to.ref, span: to.span }, ctx))[0]
            : to.kind === "service"
              ? (await this.resolve({ kind: "ref", fn: "cluster-ip", target: to.ref, span: to.span }, ctx))[0]
              : to.kind === "ip"
                ? to.ip
                : to.kind === "name"
                  ? this.ns.forwardName(to.name)
                  : undefined;
        if (!host)
          throw new TargetError(`connect to a ${to.kind} is not probed on real clusters yet`, "unsupported");
        // agnhost connect (kubernetes test/images/agnhost): the source pod runs the e2e probe image.
        const r = await this.o.runner.run(
          [
            "kubectl",
            "--context",
            this.context,
            "exec",
            "-n",
            n,
            name,
            "--",
            "/agnhost",
            "connect",
            `${host}:${probe.port}`,
            "--timeout=5s",
            `--protocol=${probe.protocol.toLowerCase()}`,
          ],
          { signal: ctx.signal },
        );
        const verdict = parseAgnhostConnect(r.code, `${r.stdout}\n${r.stderr}`);
        return {
          kind: "connect",
          verdict,
          candidates: [],
          destinationIp: host,
          hops: [],
          reasons: [
            `agnhost connect ${host}:${probe.port} exited ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim()}` : ""}`,
          ],
        };
      }
      case "resolv-conf":
      case "hosts": {
        const ref = probe.of.kind === "pod" ? probe.of.ref : undefined;
        if (!ref)
          throw new TargetError(
            `${probe.kind} of a ${probe.of.kind} is not read on real clusters yet`,
            "unsupported",
          );
        const [n, name] = this.ref(ref);
        const file = probe.kind === "hosts" ? "/etc/hosts" : "/etc/resolv.conf";
        const text = this.ns.backName(
          (await this.sh(["kubectl", "exec", "-n", n, name, "--", "cat", file], ctx)).stdout,
        );
        if (probe.kind === "hosts") {
          const entries = text
            .split("\n")
            .map((l) => l.replace(/#.*/, "").trim())
            .filter(Boolean)
            .map((l) => l.split(/\s+/))
            .map(([ip, ...names]) => ({ ip: ip!, names }));
          return { kind: "hosts", entries, text };
        }
        const conf = { nameservers: [] as string[], search: [] as string[], options: [] as string[] };
        for (const l of text.split("\n")) {
          const [k, ...rest] = l.trim().split(/\s+/);
          if (k === "nameserver" && rest[0]) conf.nameservers.push(rest[0]);
          else if (k === "search") conf.search = rest;
          else if (k === "options") conf.options = rest;
        }
        return { kind: "resolv-conf", ...conf, text, warnings: [] };
      }
      case "endpoints": {
        const [n, name] = this.ref(probe.service);
        const out = (
          await this.sh(
            [
              "kubectl",
              "get",
              "endpointslices",
              "-n",
              n,
              "-l",
              `kubernetes.io/service-name=${name}`,
              "-o",
              "json",
            ],
            ctx,
          )
        ).stdout;
        const list = (out ? JSON.parse(out) : { items: [] }) as {
          items: {
            endpoints?: {
              addresses: string[];
              conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
            }[];
            ports?: { name?: string; port: number; protocol?: string }[];
          }[];
        };
        return {
          kind: "endpoints",
          endpoints: list.items.flatMap((s) =>
            (s.endpoints ?? []).map((e) => ({
              addresses: e.addresses,
              ready: e.conditions?.ready !== false,
              serving: e.conditions?.serving !== false,
              terminating: e.conditions?.terminating === true,
            })),
          ),
          ports: list.items.flatMap((s) =>
            (s.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? "TCP" })),
          ),
        };
      }
      case "object": {
        const [n, name] = this.ref(probe.ref);
        const r = await this.o.runner.run(
          ["kubectl", "--context", this.context, "get", probe.ref.kind, name, "-n", n, "-o", "json"],
          { signal: ctx.signal },
        );
        if (r.code !== 0) return { kind: "object", fields: { exists: "false" } };
        const o = (r.stdout ? JSON.parse(r.stdout) : {}) as {
          status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
          spec?: { clusterIP?: string; type?: string; nodeName?: string };
        };
        const fields: Record<string, string> = { exists: "true" };
        if (o.status?.phase) fields.phase = o.status.phase;
        if (o.status?.conditions)
          fields.ready = String(o.status.conditions.some((c) => c.type === "Ready" && c.status === "True"));
        if (o.status?.podIP) fields.ip = o.status.podIP;
        if (o.spec?.nodeName) fields["node-name"] = o.spec.nodeName;
        if (o.spec?.clusterIP) fields["cluster-ip"] = o.spec.clusterIP;
        if (o.spec?.type) fields.type = o.spec.type;
        return { kind: "object", object: o as Record<string, unknown>, fields };
      }
      default:
        throw new TargetError(`${probe.kind} probes are not run on ${this.name} yet`, "unsupported");
    }
  }

  /** A DNS answer with the run's namespaces renamed back to the scenario's. */
  protected backDns(obs: DnsObs): DnsObs {
    const back = (s: string) => this.ns.backName(s);
    for (const sec of ["answer", "authority", "additional"] as const)
      obs[sec] = obs[sec].map((rr) => ({ ...rr, name: back(rr.name), data: back(rr.data) }));
    obs.question = obs.question.map((q) => ({ ...q, name: back(q.name) }));
    return obs;
  }

  async dispose(ctx: TargetContext): Promise<void> {
    await this.cleanup(ctx);
    if (this.createdCluster) await this.sh(["kind", "delete", "cluster", "--name", this.createdCluster], ctx);
  }
}
