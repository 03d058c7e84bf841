export { parseCorefile } from "./parse.js";
export { parseKey, DEFAULT_PORT } from "./keys.js";
export type { ZoneAddr } from "./keys.js";
export { reverseZonesForCidr } from "./cidr.js";
