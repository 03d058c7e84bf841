/**
 * The kube target's observer table: one observer per probe kind, or the reason a real cluster
 * reached through kubectl cannot observe it yet.
 */
import { declined } from "../../observers.js";
import type { Observers } from "../../target.js";
import { observeEndpoints, observeObject } from "./api.js";
import { observeApply } from "./apply.js";
import { observeConnect } from "./connect.js";
import { observeFromOutside } from "./connect-outside.js";
import { observeCoredns } from "./coredns.js";
import type { KubeProbeEnv } from "./context.js";
import { observeDns, observeResolve } from "./dns.js";
import { observeHosts, observeResolvConf } from "./pod-files.js";
import { observeReach } from "./reach.js";

export type {
  KubeProbeEnv,
  DatapathView,
  ConnectionQuestion,
  OutsideConnection,
  OutsideNetwork,
  PolicyView,
} from "./context.js";
export { parseHosts, parseResolvConf } from "./pod-files.js";

export function kubeObservers(env: KubeProbeEnv): Observers {
  return {
    dns: (p, ctx) => observeDns(env, p, ctx),
    resolve: (p, ctx) => observeResolve(env, p, ctx),
    "resolv-conf": (p, ctx) => observeResolvConf(env, p, ctx),
    hosts: (p, ctx) => observeHosts(env, p, ctx),
    endpoints: (p, ctx) => observeEndpoints(env, p, ctx),
    connect: (p, ctx) =>
      p.from.kind === "external" && env.outside
        ? observeFromOutside({ ...env, outside: env.outside }, p, ctx)
        : observeConnect(env, p, ctx),
    object: (p, ctx) => observeObject(env, p, ctx),
    path: declined("hop traces exist only on the reference engine"),
    reach: (p, ctx) => observeReach(env, p, ctx),
    coredns: (_p, ctx) => observeCoredns(env, ctx),
    apply: (p, ctx) => observeApply(env, p, ctx),
  };
}
