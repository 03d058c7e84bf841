/**
 * plugin/errors: logs errors returned down the chain as
 * `[ERROR] plugin/errors: 2 <qname> <qtype>: <error>` (errors.go) and passes the result on unchanged.
 * `stacktrace` and `consolidate DURATION REGEXP [LEVEL]` are accepted; consolidation is not modelled
 * (each error is logged).
 */
import type { PluginFactory } from "../../plugin.js";
import { durationArg, fail, maxArgs, unknownOption } from "../shared/index.js";

export const errorsPlugin: PluginFactory = {
  name: "errors",
  setup(d, _block, env) {
    maxArgs(d, 0);
    for (const o of d.block) {
      if (o.name === "stacktrace") continue;
      if (o.name !== "consolidate") unknownOption("errors", o);
      if (o.args.length < 2 || o.args.length > 3) fail(o, "consolidate wants DURATION REGEXP [LEVEL]");
      durationArg(o, o.args[0]!, "errors");
    }
    return {
      name: "errors",
      serve(req, next) {
        const r = next(req);
        if (r.kind === "error") {
          // The plugin's error is the last note (forward puts Go's error text there).
          const why = r.notes?.length ? r.notes[r.notes.length - 1] : `plugin/${r.by}: ${r.rcode}`;
          env.log(`[ERROR] plugin/errors: 2 ${req.qname} ${req.qtype}: ${why}`);
        }
        return r;
      },
    };
  },
};
