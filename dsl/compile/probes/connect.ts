/** `expect connect from SOURCE to DESTINATION port PORT[/PROTO]`: one connection's verdict. */
import type { Destination, Protocol, Source } from "../../plan.js";
import { type Cursor, last, options } from "../pattern.js";
import { destination, port, source } from "../refs.js";
import type { ProbeSpec } from "../spec.js";

const connectOptions = (kind: string) =>
  options(`${kind} probe option`, { from: source, to: destination, port }, ["from", "to"]);

/** The items of `connect` and `path`: where from, where to, which port (in any order). */
export const connectSyntax = connectOptions("connect").syntax;

export function compileConnection(c: Cursor, kind: "connect" | "path") {
  const span = c.st.$span;
  const found = connectOptions(kind).take(c);
  const from: Source | undefined = last(found, "from");
  const to: Destination | undefined = last(found, "to");
  const [p, protocol]: [number | string, Protocol] = last(found, "port") ?? [0, "TCP"];
  if (!from || !to)
    c.session.error("check/expected", `expect ${kind} needs \`from ...\` and \`to ...\``, span);
  return {
    kind,
    from: from ?? { kind: "external", span },
    to: to ?? { kind: "ip", ip: "", span },
    port: p,
    protocol,
  } as const;
}

export const CONNECT_SUBJECTS = [
  "allowed",
  "denied",
  "refused",
  "timeout",
  "rejected",
  "lands-on",
  "candidates",
  "source-ip",
  "destination-ip",
  "because",
];

export const connectProbe: ProbeSpec = {
  head: "connect",
  kind: "connect",
  syntax: `connect ${connectSyntax}`,
  summary: "verdict (allowed, denied, refused, timeout, rejected), landing pod, reasons.",
  example: "expect connect from pod x/a to service x/s-x-a port 80/TCP { allowed }",
  subjects: CONNECT_SUBJECTS,
  compile: (c) => compileConnection(c, "connect"),
};
