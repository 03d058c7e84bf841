/** Manifest intake: kubectl's decoding and the API server's admission, for the runtime and the engine API. */
import { servedKinds } from "./schema/schema.js";
import { OPENSHIFT_KINDS } from "./kinds.js";
import { ADMIN_POLICY_KINDS } from "./rules/admin-network-policy.js";

export {
  ApiServer,
  randomUid,
  refusalError,
  rfc3339,
  type ApiServerOptions,
  type AppliedObject,
} from "./api-server.js";
export { intakeSource, type IntakeHost, type IntakeResult } from "./intake.js";
export type { AdmissionIssue } from "./issues.js";
export type { JsonObject } from "./json.js";
export type { KindInfo } from "./kinds.js";
export { parseKubeVersion, DEFAULT_KUBERNETES_VERSION, type KubeVersion } from "./version.js";
export { fieldPathSegments } from "./field-path.js";
export type { ApiStatus } from "./status.js";
export { errorBody as causeText } from "./field-errors.js";
export { heldBy } from "./rules/index.js";
export { sloppyCanonical } from "./validate/ip.js";
export { apiKindOf, manifestIngress, manifestPodStatus } from "./to-model.js";

/**
 * Every kind the API server serves, by kind name (the core group's when a name is in several), with
 * its apiVersions and scope: what the facade resolves `service ns/x`, `secret ns/y` against.
 */
export const KINDS: Record<string, { apiVersions: string[]; namespaced: boolean }> = (() => {
  const out: Record<string, { apiVersions: string[]; namespaced: boolean }> = {};
  const add = (kind: string, apiVersion: string, namespaced: boolean, core: boolean) => {
    const k = (out[kind] ??= { apiVersions: [], namespaced });
    if (core) k.namespaced = namespaced;
    if (!k.apiVersions.includes(apiVersion)) k.apiVersions.push(apiVersion);
  };
  for (const k of servedKinds().values())
    add(k.kind, k.group ? `${k.group}/${k.version}` : k.version, k.namespaced, k.group === "");
  for (const k of ADMIN_POLICY_KINDS) add(k.kind, `${k.group}/${k.version}`, k.namespaced, false);
  for (const k of OPENSHIFT_KINDS) add(k.kind, `${k.group}/${k.version}`, k.namespaced, false);
  return out;
})();
