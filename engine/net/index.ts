export * from "./ip.js";
export * from "./cidr.js";
export * from "./reverse.js";
