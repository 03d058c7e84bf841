/**
 * Corefile tokens, after the Caddy lexer CoreDNS uses (coredns/caddy caddyfile/lexer.go): tokens are
 * separated by whitespace, `"..."` quotes (with `\"` escapes) make one token, `#` starts a comment
 * at the start of a token, and every token remembers its line and column.
 */
import { CorefileError } from "../plugin.js";

/**
 * Go's unicode.IsSpace, which the Caddy lexer separates tokens on (lexer.go next): the ASCII
 * spaces plus \v, \f, U+0085, U+00A0 and Unicode's other White_Space characters. Both the skip and
 * the token loop must use the same test: a character one of them took for a space and the other did
 * not made an empty token without advancing (found by fuzzing: a form feed hung the parser).
 */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

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
    if (SPACE.test(c)) {
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
    while (i < text.length && !SPACE.test(text[i]!)) {
      s += text[i];
      advance();
    }
    tokens.push({ text: s, ...start, quoted: false });
  }
  return tokens;
}
