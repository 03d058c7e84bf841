/**
 * Corefile tokens, after the Caddy lexer CoreDNS uses (coredns/caddy caddyfile/lexer.go): tokens are
 * separated by whitespace, `"..."` quotes (with `\"` escapes) make one token, `#` starts a comment
 * at the start of a token, and every token remembers its line and column.
 */
import { CorefileError } from "../plugin.js";

export interface Token {
  text: string;
  line: number;
  column: number;
  quoted: boolean;
}

export function lex(text: string, firstLine = 1, firstColumn = 1): Token[] {
  const tokens: Token[] = [];
  let line = firstLine;
  let col = firstColumn;
  let i = 0;
  const advance = () => {
    if (text[i] === "\n") {
      line++;
      col = 1;
    } else col++;
    i++;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      advance();
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") advance();
      continue;
    }
    const start = { line, column: col };
    if (c === '"') {
      advance();
      let s = "";
      for (;;) {
        if (i >= text.length) throw new CorefileError("unterminated quoted string", start.line, start.column);
        const d = text[i]!;
        if (d === "\\" && text[i + 1] === '"') {
          s += '"';
          advance();
          advance();
          continue;
        }
        if (d === '"') {
          advance();
          break;
        }
        s += d;
        advance();
      }
      tokens.push({ text: s, ...start, quoted: true });
      continue;
    }
    let s = "";
    while (i < text.length && !/[\s]/.test(text[i]!)) {
      s += text[i];
      advance();
    }
    tokens.push({ text: s, ...start, quoted: false });
  }
  return tokens;
}
