/** `expect resolv-conf of SOURCE`: the resolv.conf kubelet writes. */
import type { ProbeSpec } from "../spec.js";
import { ofSource, ofSourceSyntax } from "./of-source.js";

export const resolvConfProbe: ProbeSpec = {
  head: "resolv-conf",
  kind: "resolv-conf",
  syntax: `resolv-conf ${ofSourceSyntax}`,
  summary: "the resolv.conf kubelet writes (search, nameserver, options).",
  example: 'expect resolv-conf of pod default/debug { options has "ndots:5" }',
  subjects: ["search", "nameserver", "nameservers", "options", "text", "warnings"],
  compile: (c) => ({ kind: "resolv-conf", of: ofSource(c, "resolv-conf") }),
};
