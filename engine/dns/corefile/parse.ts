/**
 * The Corefile parser: server blocks with one or more keys, directives (one per line) with arguments
 * and nested `{ }` blocks, `(snippet) { }` definitions and `import snippet`. Mirrors the Caddy
 * parser CoreDNS embeds (coredns/caddy caddyfile/parse.go): environment placeholders and file
 * imports are not supported by the reference engine and fail loudly.
 */
import type { SourceText } from "../../support/index.js";
import { CorefileError } from "../plugin.js";
import type { Directive, ServerBlock } from "../plugin.js";
import { parseKey } from "./keys.js";
import type { ZoneAddr } from "./keys.js";
import { lex } from "./lexer.js";
import type { Token } from "./lexer.js";

class Parser {
  private i = 0;
  private readonly snippets = new Map<string, Token[]>();
  constructor(private toks: Token[]) {}

  private peek(): Token | undefined {
    return this.toks[this.i];
  }

  private err(t: Token | undefined, msg: string): never {
    const last = this.toks[this.toks.length - 1];
    throw new CorefileError(msg, t?.line ?? last?.line ?? 1, t?.column ?? last?.column);
  }

  parse(): ServerBlock[] {
    const out: ServerBlock[] = [];
    const seen = new Set<string>();
    while (this.peek()) {
      const first = this.peek()!;
      if (!first.quoted && /^\(.*\)$/.test(first.text)) {
        this.snippet();
        continue;
      }
      const keys: Token[] = [];
      while (this.peek() && !(this.peek()!.text === "{" && !this.peek()!.quoted)) {
        const t = this.toks[this.i++]!;
        if (t.line !== first.line) this.err(t, `expected '{' to open the server block of '${first.text}'`);
        for (const part of t.text.split(",")) if (part) keys.push({ ...t, text: part });
      }
      if (!this.peek()) this.err(first, `expected '{' to open the server block of '${first.text}'`);
      this.i++; // {
      const directives = this.body(first);
      const addrs: ZoneAddr[] = keys.flatMap((k) => parseKey(k));
      // core/dnsserver/register.go validateZonesAndListeningAddresses: a zone/port pair may be
      // served by one unfiltered block only; a block with a view (its FilterFuncs) may share it.
      const filtered = directives.some((d) => d.name === "view");
      for (const a of addrs) {
        const id = `${a.scheme}://${a.zone}:${a.port}`;
        if (filtered) continue;
        if (seen.has(id)) this.err(first, `cannot serve ${id} - it is already defined`);
        seen.add(id);
      }
      const ports = [...new Set(addrs.map((a) => a.port))];
      for (const port of ports) {
        const zs = addrs.filter((a) => a.port === port);
        out.push({ zones: zs.map((a) => a.zone), port, scheme: zs[0]!.scheme, directives, line: first.line });
      }
    }
    return out;
  }

  private snippet(): void {
    const name = this.toks[this.i++]!;
    const open = this.toks[this.i++];
    if (!open || open.text !== "{") this.err(name, `expected '{' after snippet ${name.text}`);
    let depth = 1;
    const body: Token[] = [];
    for (;;) {
      const t = this.toks[this.i++];
      if (!t) this.err(name, `unclosed snippet ${name.text}`);
      if (!t.quoted && t.text === "{") depth++;
      if (!t.quoted && t.text === "}" && --depth === 0) break;
      body.push(t);
    }
    this.snippets.set(name.text.slice(1, -1), body);
  }

  /** Directives until the matching `}`. */
  private body(opener: Token): Directive[] {
    const out: Directive[] = [];
    for (;;) {
      const t = this.peek();
      if (!t)
        this.err(opener, `unexpected end of file: missing '}' for the block opened on line ${opener.line}`);
      if (!t.quoted && t.text === "}") {
        this.i++;
        return out;
      }
      if (!t.quoted && t.text === "{") this.err(t, "unexpected '{'");
      this.i++;
      const args: string[] = [];
      let block: Directive[] = [];
      let opened = false;
      while (this.peek() && this.peek()!.line === t.line) {
        const a = this.peek()!;
        if (!a.quoted && a.text === "}") break;
        this.i++;
        if (!a.quoted && a.text === "{") {
          block = this.body(a);
          opened = true;
          break;
        }
        checkPlaceholder(a);
        args.push(a.text);
      }
      checkPlaceholder(t);
      if (t.text === "import" && !t.quoted) {
        if (opened || args.length !== 1) this.err(t, "import takes exactly one snippet name");
        const body = this.snippets.get(args[0]!);
        if (!body)
          this.err(t, `import of '${args[0]}': file imports are not supported (only snippets defined above)`);
        // Splice the snippet's tokens in place of the import line.
        this.toks = [...this.toks.slice(0, this.i), ...body, ...this.toks.slice(this.i)];
        continue;
      }
      out.push({ name: t.text, args, block, line: t.line });
    }
  }
}

function checkPlaceholder(t: Token): void {
  if (/\{\$[^}]*\}|\{%[^}]*%\}/.test(t.text)) {
    throw new CorefileError(
      `environment variable substitution is not supported: '${t.text}'`,
      t.line,
      t.column,
    );
  }
}

/** Parse a Corefile into server blocks (one per distinct port of a block's keys). Throws CorefileError. */
export function parseCorefile(src: SourceText | string): ServerBlock[] {
  const s = typeof src === "string" ? { text: src, line: 1, column: 1 } : src;
  const blocks = new Parser(lex(s.text, s.line, s.column)).parse();
  if (!blocks.length) throw new CorefileError("the Corefile defines no server block", s.line, s.column);
  return blocks;
}
