/**
 * plugin/file setup.go fileParse: `file DBFILE [ZONES...] { reload DURATION; reload_by_mtime;
 * fallthrough [ZONES...]; upstream }` for every `file` directive of the block. The file is read at
 * setup and parsed once per origin (a syntax error or a missing SOA fails setup); a file that cannot
 * be opened leaves an empty zone (answered SERVFAIL) and a warning, unless `reload 0` makes it fatal.
 * `reload` (default 1m) is the interval at which the zone is read again; a read that finds the same
 * SOA serial keeps the old data (reload.go). The `root` plugin is not modelled: paths are taken as
 * written, relative to CoreDNS's working directory.
 */
import type { Directive, PluginEnv, ServerBlock } from "../../plugin.js";
import { CorefileError, CorefileUnmodelled } from "../../plugin.js";
import {
  argErr,
  failAt,
  formatGoDuration,
  normalizeZone,
  occurrences,
  parseDuration,
  unknownOption,
  zonesOrBlock,
} from "../shared/index.js";
import { ZoneSyntaxError } from "./lexer.js";
import { ZoneTypeUnmodelled } from "./rdata.js";
import { Zone, ZoneError, parseZone } from "./zone.js";

/** One origin the plugin serves: its zone and where it is read from. */
export interface FileZone {
  origin: string;
  path: string;
  zone: Zone;
  reloadMs: number;
  byMtime: boolean;
}

export interface FileConfig {
  zones: Map<string, FileZone>;
  /** Origins in Corefile order (Zones.Names). */
  names: string[];
  /** fallthrough zones, undefined without `fallthrough`. */
  fall: string[] | undefined;
}

const DEFAULT_RELOAD_MS = 60_000;

/** file.go Parse with the zone parser's errors worded as CoreDNS wraps them; unmodelled types say so. */
export function loadZone(d: Directive, text: string, origin: string, path: string, env: PluginEnv): Zone {
  try {
    return parseZone(text, origin, path, env.readFile);
  } catch (e) {
    if (e instanceof ZoneTypeUnmodelled)
      throw new CorefileUnmodelled(`plugin/file: zone file ${path}: ${e.message}`, d.line);
    if (e instanceof ZoneSyntaxError)
      throw new CorefileError(
        `plugin/file: failed to parse file "${path}" for origin ${origin} with error ${e.message}`,
        d.line,
      );
    if (e instanceof ZoneError) throw new CorefileError(`plugin/file: ${e.message}`, d.line);
    throw e;
  }
}

/** setup.go fileParse over every `file` directive of the block. */
export function parseFile(first: Directive, block: ServerBlock, env: PluginEnv): FileConfig {
  const cfg: FileConfig = { zones: new Map(), names: [], fall: undefined };
  let reloadMs = DEFAULT_RELOAD_MS;
  let byMtime = false;
  let openErr: { path: string; d: Directive } | undefined;
  for (const d of occurrences(first, block)) {
    const path = d.args[0];
    if (path === undefined) argErr(d);
    const origins = zonesOrBlock(d.args.slice(1), block.zones);
    const text = env.readFile?.(path);
    if (text === undefined) openErr = { path, d };
    const added: FileZone[] = [];
    for (const origin of origins) {
      const zone = text === undefined ? new Zone(origin, path) : loadZone(d, text, origin, path, env);
      const fz: FileZone = { origin, path, zone, reloadMs, byMtime };
      cfg.zones.set(origin, fz);
      cfg.names.push(origin);
      added.push(fz);
    }
    for (const o of d.block) {
      switch (o.name) {
        case "fallthrough":
          cfg.fall = o.args.length ? o.args.map(normalizeZone) : ["."];
          break;
        case "reload": {
          if (!o.args.length) failAt(d, o, "reload duration value is expected");
          const ms = parseDuration(o.args[0]!);
          if (ms === undefined) failAt(d, o, `time: invalid duration "${o.args[0]}"`);
          reloadMs = ms;
          break;
        }
        case "reload_by_mtime":
          byMtime = true;
          break;
        case "upstream":
          break;
        default:
          unknownOption("file", o);
      }
    }
    for (const fz of added) {
      fz.reloadMs = reloadMs;
      fz.byMtime = byMtime;
    }
  }
  if (openErr) {
    const msg = `open ${openErr.path}: no such file or directory`;
    if (reloadMs === 0) throw new CorefileError(`plugin/file: ${msg}`, openErr.d.line);
    env.log(`[WARNING] plugin/file: Failed to open "${msg}": trying again in ${formatGoDuration(reloadMs)}`);
  }
  return cfg;
}
