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
  /** For Invalid: the causes one by one (`field: body`), which kubectl lists one per line. */
  causes?: string[];
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
  return { accepted: false, ...canonicalCauses(stderr) };
}

/** canonical(), with the causes of an Invalid error kept apart. */
export function canonicalCauses(text: string): { message: string; causes?: string[] } {
  const message = canonical(text);
  const t = text.replace(/\r/g, "").trim();
  const multi = /The .+? is invalid: \n((?:\* [\s\S]*)+)$/.exec(t);
  if (multi) return { message, causes: multi[1]!.split(/\n\* /).map((c) => c.replace(/^\* /, "").trim()) };
  const single =
    /^(?:Error from server \(Invalid\): )?(?:error when [^\n]*?: )?The .+? is invalid: (.*)$/s.exec(t);
  if (single) return { message, causes: [single[1]!.trim()] };
  return { message };
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

/** Kinds whose status (and bookkeeping annotations) controllers write once the object exists. */
const CONTROLLED = new Set([
  "Deployment",
  "ReplicaSet",
  "StatefulSet",
  "DaemonSet",
  "Job",
  "Namespace",
  "Node",
  "CustomResourceDefinition",
]);

/**
 * What the comparison ignores: per-object identity (the uid, also where the server copies it into
 * labels and selectors), timestamps, kubectl's own bookkeeping, and — on updates — what controllers
 * wrote into the stored object since it was created.
 */
export function normalObject(o: Raw, probeText: string, update = false): Raw {
  const uid = ((o.metadata ?? {}) as Raw).uid;
  const text = JSON.stringify(o);
  const copy = JSON.parse(typeof uid === "string" && uid ? text.replaceAll(uid, "<uid>") : text) as Raw;
  const meta = (copy.metadata ?? {}) as Raw;
  if (update && CONTROLLED.has(String(copy.kind))) {
    delete copy.status;
    const a = meta.annotations as Raw | undefined;
    if (a) for (const k of ["deployment.kubernetes.io/revision"]) delete a[k];
  }
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

/**
 * The same refusal: the same message, or the same head with the same causes in any order (Go
 * validates maps — labels, selectors, data keys — in random order, so their causes come unordered).
 */
export function sameMessage(a: Outcome, b: Outcome): boolean {
  // Object uids (each side makes its own) show in messages about generated selectors.
  const uid = (t: string) =>
    t.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uid>");
  if (uid(a.message) === uid(b.message)) return true;
  if (!a.causes || !b.causes) return false;
  const head = (o: Outcome) => o.message.slice(0, o.message.indexOf(" is invalid: "));
  const sorted = (c: string[]) => c.map(uid).sort().join("\n");
  return head(a) === head(b) && sorted(a.causes) === sorted(b.causes);
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
export function compareOutcomes(
  reference: Outcome,
  server: Outcome,
  probeText: string,
  update = false,
): string[] {
  if (reference.accepted !== server.accepted)
    return [
      `verdict: reference ${reference.accepted ? "accepted" : `rejected: ${reference.message}`}; kube-apiserver ${server.accepted ? "accepted" : `rejected: ${server.message}`}`,
    ];
  if (!reference.accepted)
    return sameMessage(reference, server)
      ? []
      : [`message:\n  reference: ${reference.message}\n  server:    ${server.message}`];
  if (!reference.objects || !server.objects) return [];
  const a = reference.objects.map((o) => normalObject(o, probeText, update));
  const b = server.objects.map((o) => normalObject(o, probeText, update));
  return diffValues(a.length === 1 ? a[0] : a, b.length === 1 ? b[0] : b).map((d) => `defaults: ${d}`);
}
