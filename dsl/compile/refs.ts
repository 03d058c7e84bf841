/**
 * Object references and the places traffic comes from and goes to: `ns/name` refs, `KIND ns/name`
 * step targets, `pod ns/name | node NAME | external [IP]` sources, destinations and `PORT[/PROTO]`.
 * A ref to a pod, service or node is checked against the scope (what the manifests applied so far
 * and the profile define).
 */
import type { ItemNode } from "../ast.js";
import type { Destination, ObjectRef, Protocol, Source } from "../plan.js";
import type { Span } from "../span.js";
import { suggest } from "../suggest.js";
import { isIp } from "./literals.js";
import { type Cursor, type Pattern, type Site, pattern, textOf } from "./pattern.js";

/** `ns/name` (a bare `name` is in `default`); reports a missing or non-word ref. */
export function refOf(item: ItemNode | undefined, kind: string, at: Site): ObjectRef {
  const w = item?.$type === "Word" ? item.value : undefined;
  if (!w) {
    at.ctx.session.error(
      "check/expected-ref",
      `expected a ${kind} reference (namespace/name)`,
      item?.$span ?? at.st.$span,
    );
    return { kind, namespace: "default", name: "" };
  }
  const i = w.indexOf("/");
  return i < 0
    ? { kind, namespace: "default", name: w }
    : { kind, namespace: w.slice(0, i), name: w.slice(i + 1) };
}

/** Reports a pod/service/node that nothing in scope defines. */
export function checkRef(at: Site, kind: string, ref: ObjectRef | string, span: Span): void {
  const sc = at.ctx.scope;
  if (!sc) return;
  const key = typeof ref === "string" ? ref : `${ref.namespace ?? "default"}/${ref.name}`;
  const known =
    kind === "pod"
      ? sc.hasPod(key)
      : kind === "service"
        ? sc.services.has(key)
        : kind === "node"
          ? sc.nodes.has(key)
          : true;
  if (known || key.endsWith("/") || key === "") return;
  const pool = kind === "pod" ? [...sc.pods] : kind === "service" ? [...sc.services] : [...sc.nodes];
  const s = suggest(key, pool);
  at.ctx.session.error(
    `check/unknown-${kind}`,
    `no ${kind} \`${key}\` is defined by the manifests applied before this point`,
    span,
    s ? `did you mean \`${s}\`?` : undefined,
  );
}

/** `ns/name` of a given kind. */
export function ref(kind: string): Pattern<ObjectRef> {
  return pattern(`${kind.toUpperCase()}-REF`, (c) => refOf(c.next(), kind, c));
}

/** `KIND ns/name`: the object a step acts on (`delete pod default/x`). */
export const target: Pattern<ObjectRef> = pattern("KIND NS/NAME", (c) => {
  const kind = textOf(c.next()) ?? "";
  return refOf(c.next(), kind, c);
});

const SOURCES = ["pod", "node", "external"];

/** The placeholders of probe syntax, with how each is written. */
export const PLACEHOLDERS: readonly { name: string; syntax: string }[] = [
  { name: "SOURCE", syntax: "pod NS/NAME | node NAME | external [IP]" },
  { name: "DESTINATION", syntax: 'pod NS/NAME | service NS/NAME | name "x" | ip IP | node NAME' },
  {
    name: "PORT",
    syntax: "80 | 80/UDP | NAME (a port name; the protocol is TCP, UDP or SCTP, TCP by default)",
  },
];

/** `pod NS/NAME | node NAME | external [IP]`: where a query or connection starts. */
export const source: Pattern<Source | undefined> = pattern("SOURCE", (c) => {
  const k = c.peek();
  if (k?.$type !== "Word") return undefined;
  c.i++;
  const v = c.peek();
  if (k.value === "pod") {
    const r = refOf(c.next(), "pod", c);
    checkRef(c, "pod", r, v?.$span ?? k.$span);
    return { kind: "pod", ref: r, span: k.$span };
  }
  if (k.value === "node") {
    const name = (c.next() as { value?: string } | undefined)?.value ?? "";
    checkRef(c, "node", name, v?.$span ?? k.$span);
    return { kind: "node", name, span: k.$span };
  }
  if (k.value === "external") {
    const ip = v?.$type === "Word" && isIp(v.value) ? v.value : undefined;
    if (ip) c.i++;
    return { kind: "external", ...(ip ? { ip } : {}), span: k.$span };
  }
  c.session.unknown("check/unknown-source", "source", k.value, k.$span, SOURCES);
  return undefined;
});

const DESTINATIONS = ["pod", "service", "name", "ip", "node"];

/** `pod NS/NAME | service NS/NAME | name "x" | ip IP | node NAME`: where a connection goes. */
export const destination: Pattern<Destination | undefined> = pattern("DESTINATION", (c) => {
  const k = c.next();
  const v = c.next();
  return k?.$type === "Word" ? destinationOf(k, v, c) : undefined;
});

function destinationOf(k: ItemNode & { $type: "Word" }, v: ItemNode | undefined, c: Cursor) {
  const val = textOf(v) ?? "";
  const vSpan = v?.$span ?? k.$span;
  if (k.value === "pod" || k.value === "service" || k.value === "node")
    checkRef(c, k.value, k.value === "node" ? val : refOf(v, k.value, c), vSpan);
  const span = k.$span;
  switch (k.value) {
    case "pod":
      return { kind: "pod", ref: refOf(v, "pod", c), span } as const;
    case "service":
      return { kind: "service", ref: refOf(v, "service", c), span } as const;
    case "name":
      return { kind: "name", name: val, span } as const;
    case "ip":
      if (!isIp(val))
        c.session.error("check/invalid-ip", `\`${val}\` is not a valid IP address`, v?.$span ?? c.st.$span);
      return { kind: "ip", ip: val, span } as const;
    case "node":
      return { kind: "node", name: val, span } as const;
  }
  c.session.unknown("check/unknown-destination", "destination", k.value, span, DESTINATIONS);
  return undefined;
}

const PROTOCOLS = ["TCP", "UDP", "SCTP"];

/** `80`, `80/UDP` or a port name (`http`): the protocol defaults to TCP. */
export const port: Pattern<[number | string, Protocol]> = pattern("PORT", (c) => {
  const x = c.next();
  const span = x?.$span ?? c.st.$span;
  const v = x?.$type === "Word" ? x.value : "";
  const [p = "", proto = "TCP"] = v.split("/");
  const up = proto.toUpperCase();
  if (!PROTOCOLS.includes(up))
    c.session.unknown("check/invalid-protocol", "protocol", proto, span, PROTOCOLS);
  if (/^\d+$/.test(p)) {
    const n = Number(p);
    if (n < 1 || n > 65535) c.session.error("check/invalid-port", `port ${n} is out of range 1-65535`, span);
    return [n, up as Protocol];
  }
  if (!p) c.session.error("check/expected", "expected a port (80/TCP or a port name)", span);
  return [p, up as Protocol];
});
