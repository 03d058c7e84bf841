/** `expect path ...`: a connection like `connect`, judged on its hop trace. */
import type { ProbeSpec } from "../spec.js";
import { compileConnection, CONNECT_SUBJECTS, connectSyntax } from "./connect.js";

export const pathProbe: ProbeSpec = {
  head: "path",
  kind: "path",
  syntax: `path ${connectSyntax}`,
  summary: "like connect, judged on its hop trace (`hops […]`).",
  example: "expect path from pod y/a to service x/s-x-a port 80/TCP { hops [pod y/a, node, pod x/a] }",
  subjects: [...CONNECT_SUBJECTS, "hops"],
  compile: (c) => compileConnection(c, "path"),
};
