/** `netspec difftest --corefiles`: generated Corefiles answered by real CoreDNS and by the reference. */
export { generateCorefileCase, type CorefileCase, type CorefileQuery } from "./generate.js";
export {
  runCorefileDiff,
  type CorefileDiffOptions,
  type CorefileDiffResult,
  type CorefileDisagreement,
} from "./run.js";
export { reproduction as corefileReproduction } from "./reproduction.js";
export { exampleOrgZone, type ExampleZone } from "./example-zone.js";
