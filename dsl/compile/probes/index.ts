/** The probe kinds of `expect`, in the order the "did you mean" list offers them. */
import type { ProbeSpec } from "../spec.js";
import { applyProbe } from "./apply.js";
import { connectProbe } from "./connect.js";
import { corednsProbe } from "./coredns.js";
import { dnsProbe } from "./dns.js";
import { endpointsProbe } from "./endpoints.js";
import { hostsProbe } from "./hosts.js";
import { deploymentProbe, nodeProbe, podProbe, serviceProbe } from "./object.js";
import { pathProbe } from "./path.js";
import { reachProbe } from "./reach.js";
import { resolvConfProbe } from "./resolv-conf.js";
import { resolveProbe } from "./resolve.js";

export const PROBES: readonly ProbeSpec[] = [
  dnsProbe,
  resolveProbe,
  resolvConfProbe,
  hostsProbe,
  endpointsProbe,
  connectProbe,
  pathProbe,
  reachProbe,
  podProbe,
  serviceProbe,
  nodeProbe,
  deploymentProbe,
  corednsProbe,
  applyProbe,
];

export function probeNamed(head: string): ProbeSpec | undefined {
  return PROBES.find((p) => p.head === head);
}

/** The (first) probe spec of a Plan probe kind. */
export function probeOfKind(kind: string): ProbeSpec | undefined {
  return PROBES.find((p) => p.kind === kind);
}

/** The matcher subjects of a probe kind (the Plan's `probe.kind`). */
export function subjectsOf(kind: string): readonly string[] | "unchecked" {
  return PROBES.find((p) => p.kind === kind)?.subjects ?? [];
}
