export { writeUpdates } from "./write.js";
