/** `expect hosts of SOURCE`: the /etc/hosts kubelet writes. */
import type { ProbeSpec } from "../spec.js";
import { ofSource, ofSourceSyntax } from "./of-source.js";

export const hostsProbe: ProbeSpec = {
  head: "hosts",
  kind: "hosts",
  syntax: `hosts ${ofSourceSyntax}`,
  summary: "the /etc/hosts kubelet writes.",
  example: 'expect hosts of pod default/debug { entries has entry(ip(pod default/debug), "debug") }',
  subjects: ["entries", "text"],
  compile: (c) => ({ kind: "hosts", of: ofSource(c, "hosts") }),
};
