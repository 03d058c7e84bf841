/** `expect coredns`: the CoreDNS replicas' state. */
import type { ProbeSpec } from "../spec.js";

export const corednsProbe: ProbeSpec = {
  head: "coredns",
  kind: "coredns",
  syntax: "coredns",
  summary: "the CoreDNS replicas' state (status, readiness, log).",
  example: 'expect coredns { status CrashLoopBackOff; log matches "plugin/loop: Loop" }',
  subjects: ["status", "ready", "replicas", "ready-replicas", "log"],
  compile: () => ({ kind: "coredns" }),
};
