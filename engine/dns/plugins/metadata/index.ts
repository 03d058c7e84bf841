/**
 * plugin/metadata (CoreDNS 1.14.7 plugin/metadata/setup.go metadataParse): `metadata [ZONES...]`,
 * no block, once per server block. It collects metadata from other plugins (acl's, kubernetes's...)
 * for log formats and other consumers; the model has no such consumer, so it passes every query on.
 */
import type { PluginFactory } from "../../plugin.js";
import { argErr, isFirst, zonesOrBlock } from "../shared/index.js";

export const metadataPlugin: PluginFactory = {
  name: "metadata",
  setup(d, block) {
    const zones = zonesOrBlock(d.args, block.zones);
    // `if c.NextBlock() || c.Next()`: a block, or a second metadata directive, is an ArgErr.
    const first = d.block[0];
    if (first) argErr(d, first, first.name);
    if (!isFirst(d, block)) argErr(d, d, d.args[d.args.length - 1] ?? d.name);
    return { name: "metadata", zones, serve: (req, next) => next(req) };
  },
};
