export { evaluateMatcher, describeMatcher, type Verdict, type ValueResolver } from "./evaluate.js";
export { judgeReach } from "./reach.js";
export { SUBJECT_NAMES } from "./subjects/index.js";
export { flatStrings } from "./values.js";
