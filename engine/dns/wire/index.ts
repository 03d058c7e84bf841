export { WireError } from "./wire-error.js";
export { encodeMessage, encodeUncompressed } from "./codec.js";
export { decodeMessage } from "./decode.js";
export { truncate, encodeReply, MIN_MSG_SIZE } from "./truncate.js";
export { messageSize, rrLen } from "./size.js";
export { labelsOf, toFqdn, toPacketName } from "./names.js";
export { rcodeName, rcodeNumber, RCODES, typeNumber } from "./codes.js";
