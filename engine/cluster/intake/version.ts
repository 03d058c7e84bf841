/**
 * One Kubernetes version at a time: the rules that changed between releases are gated here by the
 * cluster's `kubernetesVersion` (default 1.31, what the local target's kube-apiserver runs), each
 * with the feature gate and the release its default changed in.
 */
export interface KubeVersion {
  major: number;
  minor: number;
}

export const DEFAULT_KUBERNETES_VERSION = "1.31";

/** `1.31`, `v1.31.4`, `1.32.0` → {1, 31}; undefined when it is not a version. */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function atLeast(v: KubeVersion, minor: number): boolean {
  return v.major > 1 || (v.major === 1 && v.minor >= minor);
}

/**
 * Feature gates whose default differs across the releases the engine knows, by the first minor
 * release where the gate is on by default (pkg/features/kube_features.go of each release).
 */
export const GATES = {
  /** RelaxedDNSSearchValidation: `_` and a lone `.` in dnsConfig.searches (beta, on by default, in 1.33). */
  RelaxedDNSSearchValidation: 33,
  /** RelaxedServiceNameValidation would allow Service names that start with a digit: off by default through 1.34. */
  RelaxedServiceNameValidation: 99,
} as const;

export function gateOn(v: KubeVersion, gate: keyof typeof GATES): boolean {
  return atLeast(v, GATES[gate]);
}
