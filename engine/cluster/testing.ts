/** Test helper: a runtime built from a profile, as the facade builds it. */
import { createClock, createRng } from "../support/index.js";
import { buildProfile, type ProfileSpec } from "./profiles/index.js";
import { ClusterRuntime } from "./runtime.js";

export function testRuntime(spec: ProfileSpec = { profile: "kubeadm" }, seed = 1): ClusterRuntime {
  const p = buildProfile(spec);
  const rt = new ClusterRuntime({
    info: p.info,
    clock: createClock(),
    rng: createRng(seed),
    taints: p.taints,
    reservedServiceIPs: p.reservedServiceIPs,
  });
  rt.apply([{ path: `<profile ${spec.profile}>`, text: p.manifests, line: 1, column: 1 }]);
  return rt;
}

export function yaml(text: string, path = "manifests/x.yaml", line = 1) {
  return [{ path, text, line, column: 1 }];
}
