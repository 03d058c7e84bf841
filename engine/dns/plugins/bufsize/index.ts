/**
 * plugin/bufsize: `bufsize [SIZE]` (default 1232, 512..4096) lowers the EDNS0 UDP size advertised in
 * the *request* before it goes down the chain (bufsize.go: only when the request has an OPT record and
 * its size is larger than SIZE). The server's reply truncation then uses the lowered size.
 */
import type { PluginFactory } from "../../plugin.js";
import { fail, intArg, maxArgs, noBlock } from "../shared/index.js";

export const bufsizePlugin: PluginFactory = {
  name: "bufsize",
  setup(d) {
    maxArgs(d, 1);
    noBlock(d);
    const size = d.args[0] ? intArg(d, d.args[0]) : 1232;
    if (size < 512 || size > 4096) fail(d, `buffer size must be between 512 and 4096, got ${size}`);
    return {
      name: "bufsize",
      serve(req, next) {
        const e = req.msg.edns;
        if (!e || e.udpSize <= size) return next(req);
        // bufsize.go calls option.SetUDPSize on the request itself: the server's ScrubWriter holds the
        // same message, so the reply is truncated (and its OPT echoed) at the lowered size too.
        e.udpSize = size;
        return next(req);
      },
    };
  },
};
