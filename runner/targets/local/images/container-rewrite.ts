/**
 * Containers whose image is not one of ours. The registry answers every unknown image name with the
 * base image (Debian + agnhost), whose own command is only `/bin/sh`: an `nginx` or `redis`
 * container would exit at once. So, at apply time, the local target rewrites such a container's
 * command to agnhost serving each containerPort it declares, the way the upstream NetworkPolicy e2e
 * pods are built (k8s.io/kubernetes test/e2e/network/netpol/model.go, Container.Spec):
 * - TCP port P: `/agnhost serve-hostname --tcp --http=false --port P` (accepts, writes the pod's
 *   hostname, closes);
 * - UDP port P: `/agnhost serve-hostname --udp --http=false --port P` (answers each datagram with the
 *   hostname); TCP and UDP on the same port share one process (`--tcp --udp`);
 * - SCTP port P: `/agnhost porter` with `SERVE_SCTP_PORT_P` — only where the kernel has SCTP; this
 *   machine's kernel has none, so such ports are listed as unsupported and left unserved;
 * - several ports: one `/bin/sh` running one agnhost per port, ending them all on SIGTERM;
 * - no ports: `/agnhost pause` (the container stays up, serving nothing).
 * A container that sets `command` keeps it (it runs in the Debian base image: busybox applets'
 * flags may differ from Debian's tools); its `args` are dropped only when the command is rewritten.
 * Our own images (pause, agnhost, CoreDNS, the base image by its own name) are not rewritten, with
 * one exception: an agnhost container with neither command nor args but with containerPorts (the
 * netpol fixtures' shape) would run the image's default `pause` and serve nothing, while the
 * reference engine — like the upstream model, whose agnhost containers run serve-hostname for their
 * ports — takes a declared port as served; it gets the same serve-hostname command.
 */
import { IMAGE_REFS } from "./images.js";
import { imageFor } from "./registry.js";

export interface ContainerPort {
  containerPort: number;
  protocol?: string;
  name?: string;
}

/** The parts of a Pod's container the rewrite reads. */
export interface ContainerLike {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: ContainerPort[];
  env?: { name: string; value?: string }[];
}

export interface ContainerRewrite {
  container: string;
  /** The new command; `args` is cleared. */
  command: string[];
  /** Environment variables to add (SCTP through porter). */
  env: { name: string; value: string }[];
  /** Why: the image and what is served, for the run's log. */
  reason: string;
  /** Ports declared but not served here, each with the reason. */
  unsupported: string[];
}

/** The repository part of an image reference: `docker.io/library/nginx:1.25@sha256:…` → `library/nginx`. */
export function repositoryOf(image: string): string {
  let ref = image.split("@")[0]!;
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) ref = ref.slice(0, colon);
  const parts = ref.split("/");
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost")) parts.shift();
  return parts.join("/");
}

function serveArgs(port: number, protocols: Set<string>): string[] {
  return [
    "/agnhost",
    "serve-hostname",
    ...(protocols.has("TCP") ? ["--tcp"] : []),
    ...(protocols.has("UDP") ? ["--udp"] : []),
    "--http=false",
    "--port",
    String(port),
  ];
}

const shellWord = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * The rewrite for container `c`, or undefined when it keeps its command (our image, or a command of
 * its own). `sctp` says whether the kernel has SCTP.
 */
export function agnhostRewrite(c: ContainerLike, o: { sctp: boolean }): ContainerRewrite | undefined {
  if (c.command?.length) return undefined;
  const repo = repositoryOf(c.image);
  const idleAgnhost = imageFor(repo) === "agnhost" && !c.args?.length && (c.ports?.length ?? 0) > 0;
  if (!idleAgnhost && (imageFor(repo) !== "base" || repo === repositoryOf(IMAGE_REFS.base))) return undefined;
  const byPort = new Map<number, Set<string>>();
  const unsupported: string[] = [];
  const env: { name: string; value: string }[] = [];
  for (const p of c.ports ?? []) {
    const proto = (p.protocol ?? "TCP").toUpperCase();
    if (proto === "SCTP") {
      if (o.sctp) env.push({ name: `SERVE_SCTP_PORT_${p.containerPort}`, value: "netspec" });
      else unsupported.push(`${p.containerPort}/SCTP: this kernel has no SCTP`);
      continue;
    }
    byPort.set(p.containerPort, (byPort.get(p.containerPort) ?? new Set()).add(proto));
  }
  const servers = [...byPort].sort(([a], [b]) => a - b).map(([port, protos]) => serveArgs(port, protos));
  if (env.length) servers.push(["/agnhost", "porter"]);
  const served = [...byPort].flatMap(([port, protos]) => [...protos].sort().map((p) => `${port}/${p}`));
  if (env.length) served.push(...env.map((e) => `${e.name.slice("SERVE_SCTP_PORT_".length)}/SCTP`));
  let command: string[];
  if (servers.length === 0) command = ["/agnhost", "pause"];
  else if (servers.length === 1) command = servers[0]!;
  else
    command = [
      "/bin/sh",
      "-c",
      `trap 'trap - TERM INT; kill 0; exit 0' TERM INT; ${servers.map((s) => `${s.map(shellWord).join(" ")} &`).join(" ")} wait`,
    ];
  return {
    container: c.name,
    command,
    env,
    reason: `${idleAgnhost ? `agnhost image ${c.image} without a command would only pause` : `image ${c.image} is not made here`}: agnhost ${served.length ? `serves ${served.join(", ")}` : "pauses (no containerPorts)"}`,
    unsupported,
  };
}
