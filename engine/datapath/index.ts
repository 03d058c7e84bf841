export type * from "./types.js";
export { createDatapath, DatapathError, type Datapath, type DatapathOptions } from "./datapath.js";
export { formatReachTable, reachToJson } from "./reach-format.js";
export { judge, type DirectionVerdict, type Flow } from "./netpol.js";
export {
  rejectsUnservedPort,
  servicePortKey,
  snapshotRules,
  translateService,
  type Backend,
  type KubeProxyOptions,
  type ProxyRules,
  type ServicePacket,
  type Translation,
} from "./kube-proxy.js";
