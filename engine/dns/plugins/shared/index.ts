export { replyTo, cloneMessage } from "./reply.js";
export { parseDuration } from "./duration.js";
export { normalizeZone, isSubdomain, matchZone, zonesOrBlock } from "./zones.js";
export { fail, unknownOption, noBlock, maxArgs, exactArgs, durationArg, intArg } from "./options.js";
export { classify } from "./classify.js";
export type { ResponseClass } from "./classify.js";
