export { WireError } from "./wire-error.js";
export { encodeMessage, encodeUncompressed, decodeMessage } from "./codec.js";
export { truncate, encodeReply, MIN_MSG_SIZE } from "./truncate.js";
export { messageSize } from "./size.js";
export { toFqdn, toPacketName } from "./names.js";
export { rcodeName, rcodeNumber, RCODES } from "./codes.js";
