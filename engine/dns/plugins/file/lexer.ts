/**
 * The tokens of an RFC 1035 §5.1 master file as miekg/dns's zone lexer (scan.go zlexer) reads them:
 * blank-separated fields, `;` comments to the end of the line, `( ... )` joining lines, `"..."`
 * quoted strings (kept with their quotes so TXT can tell them apart), `\` escapes kept verbatim, and
 * whether a line starts with a blank (the owner is then the previous record's).
 */

/** One logical entry: its fields and where it starts. */
export interface ZoneLine {
  /** The line number (1-based) the entry starts on. */
  line: number;
  /** True when the entry starts with a blank: the previous owner is used (RFC 1035 §5.1). */
  blankOwner: boolean;
  fields: string[];
}

/** A master-file syntax error, worded like miekg's ParseError ("dns: ... at line: N"). */
export class ZoneSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`dns: ${message}: at line: ${line}`);
    this.name = "ZoneSyntaxError";
  }
}

/** Splits `text` into entries; parentheses may span lines, quotes may not contain a newline. */
export function zoneLines(text: string): ZoneLine[] {
  const out: ZoneLine[] = [];
  let cur: ZoneLine | undefined;
  let depth = 0;
  let field = "";
  let inField = false;
  let line = 1;
  let quoted = false;
  const flush = () => {
    if (inField) cur!.fields.push(field);
    field = "";
    inField = false;
  };
  const start = (blank: boolean) => {
    cur ??= { line, blankOwner: blank, fields: [] };
  };
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === "\n") throw new ZoneSyntaxError('bad TXT: newline in quoted string "' + field + '"', line);
      field += c;
      if (c === "\\" && i + 1 < text.length) field += text[++i]!;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      flush();
      if (depth === 0 && cur) {
        if (cur.fields.length) out.push(cur);
        cur = undefined;
      }
      line++;
      atLineStart = true;
      continue;
    }
    if (c === " " || c === "\t") {
      if (atLineStart && depth === 0) start(true);
      flush();
      atLineStart = false;
      continue;
    }
    atLineStart = false;
    if (c === ";") {
      flush();
      while (i + 1 < text.length && text[i + 1] !== "\n" && text[i + 1] !== "\r") i++;
      continue;
    }
    start(false);
    if (c === "(") {
      flush();
      depth++;
      continue;
    }
    if (c === ")") {
      flush();
      if (depth === 0) throw new ZoneSyntaxError('extra closing brace: ")"', line);
      depth--;
      continue;
    }
    if (c === '"') {
      // A quote begins a new field unless it continues a bare one (miekg keeps `a"b` together).
      if (!inField) inField = true;
      field += c;
      quoted = true;
      continue;
    }
    inField = true;
    field += c;
    if (c === "\\" && i + 1 < text.length && text[i + 1] !== "\n") field += text[++i]!;
  }
  if (quoted) throw new ZoneSyntaxError("unbalanced quotes", line);
  flush();
  if (depth !== 0) throw new ZoneSyntaxError('unbalanced brace: "("', line);
  if (cur?.fields.length) out.push(cur);
  return out;
}
