export type * from "./model.js";
export type * from "./view.js";
