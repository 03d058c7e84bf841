/**
 * What one side said to a probe, in one canonical shape: the verdict, the rejection in the API
 * server's own words (the Status message, as `Kind "name" is invalid: [a, b]`), and the admitted
 * objects as `kubectl apply --dry-run=server -o json` prints them.
 *
 * kubectl reformats server errors for the terminal (`The Service "x" is invalid: \n* a\n* b`,
 * `Error from server (BadRequest): error when creating "F": ...`); canonical() undoes exactly that,
 * so the comparison sees the message the server sent (k8s.io/kubectl/pkg/cmd/util/helpers.go
 * StandardErrorMessage and MultilineError).
 */
export type Raw = Record<string, unknown>;

export interface Outcome {
  accepted: boolean;
  /** The rejection, canonical; empty when accepted. */
  message: string;
  /** Admitted objects (server-side dry-run output), when accepted. */
  objects?: Raw[];
}

/** `kubectl apply -o json` result → Outcome. */
export function outcomeFromKubectl(code: number, stdout: string, stderr: string): Outcome {
  if (code === 0) {
    let parsed: Raw | undefined;
    try {
      parsed = JSON.parse(stdout) as Raw;
    } catch {
      parsed = undefined;
    }
    const objects = !parsed
      ? []
      : parsed.kind === "List" && Array.isArray(parsed.items)
        ? (parsed.items as Raw[])
        : [parsed];
    return { accepted: true, message: "", objects };
  }
  return { accepted: false, message: canonical(stderr) };
}

/** kubectl's terminal rendering of an error → the server's (or kubectl's own) message. */
export function canonical(text: string): string {
  let t = text.replace(/\r/g, "").trim();
  // Warnings kubectl prints before the error are not the verdict.
  t = t
    .split("\n")
    .filter((l) => !l.startsWith("Warning: "))
    .join("\n")
    .trim();
  t = t.replace(/^error: /, "");
  t = t.replace(/^Error from server(?: \([A-Za-z]+\))?: /, "");
  // `error when creating "F": MSG`, `error when retrieving current configuration of: ...`.
  const when = /^error when (?:creating|applying patch|patching) [\s\S]*?"[^"]+": ([\s\S]*)$/.exec(t);
  if (when) t = when[1]!;
  t = t.replace(/^error when patching "[^"]+": /, "");
  // MultilineError: `The K "n" is invalid: \n* a\n* b` is the Status message `K "n" is invalid: [a, b]`.
  const multi = /^The (.+? is invalid): \n((?:\* [\s\S]*)+)$/.exec(t);
  if (multi) {
    const causes = multi[2]!.split(/\n\* /).map((s) => s.replace(/^\* /, "").trim());
    return `${multi[1]}: [${causes.join(", ")}]`;
  }
  t = t.replace(/^The (.+? is invalid: )/, "$1");
  return t;
}

/** What the comparison ignores: per-object identity, timestamps and kubectl's own bookkeeping. */
export function normalObject(o: Raw, probeText: string): Raw {
  const copy = JSON.parse(JSON.stringify(o)) as Raw;
  const meta = (copy.metadata ?? {}) as Raw;
  for (const k of ["uid", "creationTimestamp", "resourceVersion", "managedFields", "selfLink"])
    delete meta[k];
  const ann = meta.annotations as Raw | undefined;
  if (ann) {
    delete ann["kubectl.kubernetes.io/last-applied-configuration"];
    if (Object.keys(ann).length === 0) delete meta.annotations;
  }
  allocated(copy, probeText);
  return copy;
}

/**
 * Values an allocator chose (not written in the probe): cluster IPs, node ports, health-check node
 * ports. Both sides allocate from the same ranges but independently, so only their presence counts.
 */
function allocated(o: Raw, probeText: string): void {
  const spec = o.spec as Raw | undefined;
  if (o.kind !== "Service" || !spec) return;
  const chosen = (v: unknown) =>
    (typeof v === "string" || typeof v === "number") && !probeText.includes(String(v));
  const mark = (v: unknown) => (chosen(v) && v !== "None" ? "<allocated>" : v);
  if (spec.clusterIP !== undefined) spec.clusterIP = mark(spec.clusterIP);
  if (Array.isArray(spec.clusterIPs)) spec.clusterIPs = spec.clusterIPs.map(mark);
  if (spec.healthCheckNodePort !== undefined) spec.healthCheckNodePort = mark(spec.healthCheckNodePort);
  if (Array.isArray(spec.ports))
    for (const p of spec.ports as Raw[]) if (p.nodePort !== undefined) p.nodePort = mark(p.nodePort);
  // Status the server fills later (load balancer ingress) is not admission.
}

/** Field-by-field differences of two JSON values: `path: reference=… server=…`. */
export function diffValues(a: unknown, b: unknown, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => diffValues(a[k], b[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length)
    return a.flatMap((x, i) => diffValues(x, b[i], `${path}[${i}]`));
  const show = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
  return [`${path || "(root)"}: reference=${show(a)} server=${show(b)}`];
}

/** Every difference between two outcomes; empty when they agree. */
export function compareOutcomes(reference: Outcome, server: Outcome, probeText: string): string[] {
  if (reference.accepted !== server.accepted)
    return [
      `verdict: reference ${reference.accepted ? "accepted" : `rejected: ${reference.message}`}; kube-apiserver ${server.accepted ? "accepted" : `rejected: ${server.message}`}`,
    ];
  if (!reference.accepted)
    return reference.message === server.message
      ? []
      : [`message:\n  reference: ${reference.message}\n  server:    ${server.message}`];
  if (!reference.objects || !server.objects) return [];
  const a = reference.objects.map((o) => normalObject(o, probeText));
  const b = server.objects.map((o) => normalObject(o, probeText));
  return diffValues(a.length === 1 ? a[0] : a, b.length === 1 ? b[0] : b).map((d) => `defaults: ${d}`);
}
