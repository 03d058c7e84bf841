/**
 * plugin/log: `log [NAMES...] [FORMAT] { class all|denial|error|success... }` (README, setup.go). NAMES
 * default to `.`; FORMAT is the last argument when it contains `{` (or `{common}`/`{combined}`). Only
 * queries under one of NAMES and whose response class is selected are logged. Dropped queries write no
 * response and are not logged here (the model has no recorder rcode for them).
 */
import type { PluginFactory } from "../../plugin.js";
import { classify, fail, isSubdomain, normalizeZone, unknownOption } from "../shared/index.js";
import type { ResponseClass } from "../shared/index.js";
import { COMBINED_FORMAT, COMMON_FORMAT, renderLogLine } from "./format.js";

const CLASSES = new Set(["all", "success", "denial", "error"]);

export const logPlugin: PluginFactory = {
  name: "log",
  setup(d, _block, env) {
    let args = [...d.args];
    let format = COMMON_FORMAT;
    const last = args[args.length - 1];
    if (last !== undefined && last.includes("{")) {
      format = last === "{common}" ? COMMON_FORMAT : last === "{combined}" ? COMBINED_FORMAT : last;
      args = args.slice(0, -1);
    }
    const names = args.length ? args.map(normalizeZone) : ["."];
    const classes = new Set<string>();
    for (const o of d.block) {
      if (o.name !== "class") unknownOption("log", o);
      if (!o.args.length) fail(o, "class needs at least one of all, success, denial, error");
      for (const c of o.args) {
        if (!CLASSES.has(c)) fail(o, `invalid class '${c}'`);
        classes.add(c);
      }
    }
    if (!classes.size) classes.add("all");
    const wanted = (c: ResponseClass) => classes.has("all") || classes.has(c);
    return {
      name: "log",
      serve(req, next) {
        const r = next(req);
        if (r.kind === "drop") return r;
        if (!names.some((n) => isSubdomain(n, req.qname))) return r;
        if (wanted(classify(r))) env.log(`[INFO] ${renderLogLine(format, req, r)}`);
        return r;
      },
    };
  },
};
