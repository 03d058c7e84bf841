/**
 * RFC 1035 §5 master files as miekg/dns's ZoneParser (scan.go, v1.1.x as vendored by CoreDNS
 * 1.14.7) reads them for plugin/file's Parse (file.go: `dns.NewZoneParser(f, origin, fileName)` with
 * `SetIncludeAllowed(true)`):
 * - `$ORIGIN name` (relative to the current origin), `$TTL ttl` (units allowed), `$INCLUDE file
 *   [origin]` (a relative path is taken from the including file's directory; nested at most 7 deep;
 *   the included file's `$ORIGIN` does not leak back), `$GENERATE` is refused as not modelled;
 * - owner `@`, relative owners, a blank owner repeating the previous record's;
 * - `[TTL] [class]` in either order before the type; a record without a TTL takes the `$TTL`, else
 *   the last explicit TTL (RFC 1035's rule, miekg's defttl), else 3600 (miekg defaultTtl);
 * - only class IN (others are refused, the plugin serves class IN).
 */
import type { ResourceRecord } from "../../message.js";
import { ZoneSyntaxError, zoneLines } from "./lexer.js";
import { absoluteName, parseRData, ttlValue } from "./rdata.js";

/** Reads a file of the CoreDNS process's filesystem, undefined when it does not exist. */
export type ReadFile = (path: string) => string | undefined;

const MAX_INCLUDE_DEPTH = 7;
const DEFAULT_TTL = 3600;
const CLASSES = new Set(["IN", "CH", "HS", "CS", "NONE", "ANY"]);

interface ParseState {
  origin: string;
  prevName: string | undefined;
  /** The default TTL and whether `$TTL` set it (a directive wins over later explicit TTLs). */
  defTtl: { ttl: number; byDirective: boolean } | undefined;
}

const dirname = (p: string) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) || "/" : ".");
const joinPath = (dir: string, p: string) => (p.startsWith("/") ? p : dir === "." ? p : `${dir}/${p}`);

/** The records of a master file, in file order; throws ZoneSyntaxError / ZoneTypeUnmodelled. */
export function parseMasterFile(
  text: string,
  origin: string,
  file: string,
  read?: ReadFile,
): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  parseInto(out, text, file, { origin, prevName: undefined, defTtl: undefined }, read, 0);
  return out;
}

function parseInto(
  out: ResourceRecord[],
  text: string,
  file: string,
  st: ParseState,
  read: ReadFile | undefined,
  depth: number,
): void {
  for (const entry of zoneLines(text)) {
    const f = entry.fields;
    const head = f[0]!;
    if (!entry.blankOwner && head.startsWith("$")) {
      directive(out, head.toUpperCase(), f.slice(1), entry.line, file, st, read, depth);
      continue;
    }
    let i = 0;
    let owner: string;
    if (entry.blankOwner) {
      if (st.prevName === undefined) throw new ZoneSyntaxError("no owner for record", entry.line);
      owner = st.prevName;
    } else {
      owner = absoluteName(head, st.origin);
      i = 1;
    }
    st.prevName = owner;
    let ttl: number | undefined;
    let cls: string | undefined;
    for (let k = 0; k < 2 && i < f.length; k++) {
      const t = ttlValue(f[i]!);
      if (ttl === undefined && t !== undefined && /^\d/.test(f[i]!)) {
        ttl = t;
        i++;
      } else if (cls === undefined && CLASSES.has(f[i]!.toUpperCase())) {
        cls = f[i]!.toUpperCase();
        i++;
      }
    }
    const type = f[i]?.toUpperCase();
    if (!type) throw new ZoneSyntaxError("missing type", entry.line);
    if (cls !== undefined && cls !== "IN") throw new ZoneSyntaxError(`class ${cls} is not IN`, entry.line);
    if (ttl !== undefined) {
      if (!st.defTtl?.byDirective) st.defTtl = { ttl, byDirective: false };
    } else ttl = st.defTtl?.ttl ?? DEFAULT_TTL;
    const data = parseRData(type, f.slice(i + 1), st.origin, entry.line);
    out.push({ name: owner, type, class: "IN", ttl, data });
  }
}

function directive(
  out: ResourceRecord[],
  name: string,
  args: string[],
  line: number,
  file: string,
  st: ParseState,
  read: ReadFile | undefined,
  depth: number,
): void {
  switch (name) {
    case "$ORIGIN":
      if (args.length !== 1) throw new ZoneSyntaxError("expecting $ORIGIN value", line);
      st.origin = absoluteName(args[0]!, st.origin);
      return;
    case "$TTL": {
      const t = args.length === 1 ? ttlValue(args[0]!) : undefined;
      if (t === undefined) throw new ZoneSyntaxError("expecting $TTL value, not this...", line);
      st.defTtl = { ttl: t, byDirective: true };
      return;
    }
    case "$INCLUDE": {
      if (args.length < 1 || args.length > 2) throw new ZoneSyntaxError("expecting $INCLUDE value", line);
      if (depth + 1 > MAX_INCLUDE_DEPTH) throw new ZoneSyntaxError("too deeply nested $INCLUDE", line);
      const path = joinPath(dirname(file), args[0]!);
      const text = read?.(path);
      if (text === undefined)
        throw new ZoneSyntaxError(`failed to open \`${path}': no such file or directory`, line);
      const inner: ParseState = {
        origin: args[1] ? absoluteName(args[1], st.origin) : st.origin,
        prevName: st.prevName,
        defTtl: st.defTtl,
      };
      parseInto(out, text, path, inner, read, depth + 1);
      st.defTtl = inner.defTtl;
      return;
    }
    case "$GENERATE":
      throw new ZoneSyntaxError("$GENERATE is not modelled by the reference engine", line);
    default:
      throw new ZoneSyntaxError(`unknown directive ${name}`, line);
  }
}
