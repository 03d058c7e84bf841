/**
 * transfer.Transferer (plugin/transfer/transfer.go): the plugins of a server block that can hand out a
 * zone (file, kubernetes), found at startup in plugin.cfg order (dnsserver Config.Handlers).
 */
import type { ResourceRecord } from "../../message.js";
import { pluginRank } from "../../order.js";
import type { ServerBlock } from "../../plugin.js";

/**
 * What a Transferer sends down its channel: record batches (SOA first, the zone, SOA last; a lone SOA
 * for an up-to-date IXFR), "not-authoritative" (transfer.ErrNotAuthoritative: try the next plugin)
 * or an error (the transfer answers SERVFAIL).
 */
export type TransferStream = ResourceRecord[][] | "not-authoritative" | { error: string };

/** Transferer.Transfer(zone, serial): serial 0 asks for AXFR. */
export type Transferer = (zone: string, serial: number) => TransferStream;

const byBlock = new WeakMap<ServerBlock, { plugin: string; t: Transferer }[]>();

/** Registers `plugin`'s Transferer for `block` (called from the plugin's setup). */
export function addTransferer(block: ServerBlock, plugin: string, t: Transferer): void {
  const list = byBlock.get(block) ?? [];
  list.push({ plugin, t });
  byBlock.set(block, list);
}

/** The block's Transferers in plugin.cfg order. */
export function transferersOf(block: ServerBlock): { plugin: string; t: Transferer }[] {
  const rank = (p: string) => pluginRank(p) ?? Number.MAX_SAFE_INTEGER;
  return [...(byBlock.get(block) ?? [])].sort((a, b) => rank(a.plugin) - rank(b.plugin));
}
