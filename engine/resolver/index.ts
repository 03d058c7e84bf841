export type * from "./types.js";
export { parseResolvConf, formatResolvConf, resolverOptions, type ResolverOptions } from "./resolv-conf.js";
export { parseHosts, formatHosts, lookupHosts } from "./hosts.js";
export { resolveName, type ResolveRequest, type SendQuery } from "./walk.js";
