export { replyTo, cloneMessage, clientOf, newWithQuestion } from "./reply.js";
export { parseDuration, formatGoDuration } from "./duration.js";
export { normalizeZone, isSubdomain, matchZone, zonesOrBlock } from "./zones.js";
export {
  fail,
  failAt,
  argErr,
  unknownOption,
  noBlock,
  maxArgs,
  exactArgs,
  durationArg,
  intArg,
} from "./options.js";
export { classify } from "./classify.js";
export type { ResponseClass } from "./classify.js";
export { occurrences, isFirst, onlyOnce } from "./directives.js";
