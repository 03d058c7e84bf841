/**
 * The subset of expr-lang/expr v1.17.8 (the version CoreDNS 1.14.7's go.mod pins) that plugin/view's
 * expressions use: literals (strings in single or double quotes, integers, floats, true, false,
 * nil), array literals, calls of the environment's functions, parentheses, the unary `!`/`not`/`-`,
 * and the binary operators of parser/operator/operator.go with their precedences: `or`/`||` (10),
 * `and`/`&&` (15), `==` `!=` `<` `>` `<=` `>=` `in` `matches` `contains` `startsWith` `endsWith`
 * (20, each of the last five negatable with `not`). The lexer follows parser/lexer/state.go root.
 * Anything else expr-lang accepts (member access, arithmetic, `??`, `?:`, pipes, closures, builtins)
 * is an `ExprUnsupported`; what expr-lang itself rejects is an `ExprError`.
 */

/** A syntax or type error expr.Compile reports (CoreDNS refuses the Corefile). */
export class ExprError extends Error {}
/** Valid expr-lang the model does not evaluate (real CoreDNS accepts it). */
export class ExprUnsupported extends Error {}

export type Expr =
  | { k: "lit"; value: string | number | boolean | null; float?: boolean }
  | { k: "array"; items: Expr[] }
  | { k: "call"; name: string; args: Expr[] }
  /** A name without a call: a variable of the environment (every entry of view's is a function). */
  | { k: "ident"; name: string }
  | { k: "unary"; op: "!" | "-"; arg: Expr }
  | { k: "binary"; op: string; left: Expr; right: Expr };

interface Tok {
  t: "str" | "num" | "id" | "op" | "eof";
  v: string;
}

/** Binary operators and their precedence (operator.go Binary), the subset the model evaluates. */
const BINARY: Record<string, number> = {
  or: 10,
  "||": 10,
  and: 15,
  "&&": 15,
  "==": 20,
  "!=": 20,
  "<": 20,
  ">": 20,
  "<=": 20,
  ">=": 20,
  in: 20,
  matches: 20,
  contains: 20,
  startsWith: 20,
  endsWith: 20,
};
/** Operators expr-lang has that the model does not evaluate. */
const UNSUPPORTED_OPS = new Set([
  "|",
  "..",
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "^",
  "??",
  "?",
  ".",
  "?.",
  ";",
  "#",
]);
const NEGATABLE = new Set(["contains", "matches", "startsWith", "endsWith", "in"]);
const WORD_OPS = new Set(["in", "or", "and", "matches", "contains", "startsWith", "endsWith", "not"]);

/** expr-lang's unescape (parser/lexer/utils.go), for the escapes Go's strconv knows. */
function unescape(body: string, quote: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
    };
    if (e !== undefined && simple[e] !== undefined) out += simple[e];
    else if (e === quote) out += quote;
    else if (e === "x" || e === "u" || e === "U") {
      const n = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) throw new ExprError("invalid syntax");
      out += String.fromCodePoint(parseInt(hex, 16));
      i += n;
    } else if (e !== undefined && /[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) throw new ExprError("invalid syntax");
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else throw new ExprError("invalid syntax");
  }
  return out;
}

function lexExpr(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) throw new ExprError("literal not terminated");
      out.push({ t: "str", v: unescape(src.slice(i + 1, j), c) });
      i = j + 1;
      continue;
    }
    if (c === "`") throw new ExprUnsupported("raw strings (`...`)");
    const num =
      /^(?:0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?|\.[0-9][0-9_]*)/.exec(
        src.slice(i),
      );
    if (num && /[0-9]/.test(num[0])) {
      const rest = src[i + num[0].length];
      if (rest !== undefined && /[\w$]/.test(rest))
        throw new ExprError(`bad number syntax: "${num[0]}${rest}"`);
      out.push({ t: "num", v: num[0] });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_$][\w$]*/.exec(src.slice(i));
    if (id) {
      out.push({ t: WORD_OPS.has(id[0]) ? "op" : "id", v: id[0] });
      i += id[0].length;
      continue;
    }
    const op = /^(?:\|\||&&|==|!=|<=|>=|\?\?|\?\.|\.\.|\*\*|[()[\]{},!<>=+\-*/%^|?:.;#&])/.exec(src.slice(i));
    if (!op)
      throw new ExprError(
        `unrecognized character: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} '${c}'`,
      );
    out.push({ t: "op", v: op[0] });
    i += op[0].length;
  }
  out.push({ t: "eof", v: "" });
  return out;
}

class ExprParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(): Tok {
    return this.toks[this.i]!;
  }

  private expect(v: string): void {
    const t = this.toks[this.i++]!;
    if (t.t !== "op" || t.v !== v) throw new ExprError(`unexpected token ${describe(t)}`);
  }

  parse(): Expr {
    const e = this.binary(0);
    const t = this.peek();
    if (t.t !== "eof") throw this.unexpected(t);
    return e;
  }

  private unexpected(t: Tok): Error {
    if (t.t === "op" && (UNSUPPORTED_OPS.has(t.v) || t.v === "{" || t.v === ":"))
      return new ExprUnsupported(`the operator '${t.v}'`);
    return new ExprError(`unexpected token ${describe(t)}`);
  }

  /** parser.go parseExpression: precedence climbing, `not` before a negatable operator. */
  private binary(min: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (t.t !== "op") break;
      let op = t.v;
      let negate = false;
      if (op === "not") {
        const nx = this.toks[this.i + 1]!;
        if (nx.t !== "op" || !NEGATABLE.has(nx.v)) break;
        negate = true;
        op = nx.v;
      }
      const prec = BINARY[op];
      if (prec === undefined) {
        if (UNSUPPORTED_OPS.has(op)) throw new ExprUnsupported(`the operator '${op}'`);
        break;
      }
      if (prec < min) break;
      this.i += negate ? 2 : 1;
      const right = this.binary(prec + 1);
      left = { k: "binary", op, left, right };
      if (negate) left = { k: "unary", op: "!", arg: left };
    }
    return left;
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.t === "op" && (t.v === "!" || t.v === "not")) {
      this.i++;
      // operator.go Unary: `!`/`not` bind at 50, above every binary operator here.
      return { k: "unary", op: "!", arg: this.unary() };
    }
    if (t.t === "op" && t.v === "-") {
      this.i++;
      return { k: "unary", op: "-", arg: this.unary() };
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.toks[this.i++]!;
    let e: Expr;
    if (t.t === "str") e = { k: "lit", value: t.v };
    else if (t.t === "num") e = number(t.v);
    else if (t.t === "id") e = this.identifier(t.v);
    else if (t.t === "op" && t.v === "(") {
      e = this.binary(0);
      this.expect(")");
    } else if (t.t === "op" && t.v === "[") e = { k: "array", items: this.list("]") };
    else {
      this.i--;
      throw this.unexpected(t);
    }
    const nx = this.peek();
    if (nx.t === "op" && (nx.v === "." || nx.v === "?." || nx.v === "[" || nx.v === "|"))
      throw new ExprUnsupported(
        nx.v === "[" ? "indexing and slicing" : nx.v === "|" ? "pipes" : "member access",
      );
    return e;
  }

  private identifier(name: string): Expr {
    if (name === "true" || name === "false") return { k: "lit", value: name === "true" };
    if (name === "nil") return { k: "lit", value: null };
    const nx = this.peek();
    if (name === "let") throw new ExprUnsupported("variable declarations (let)");
    if (nx.t !== "op" || nx.v !== "(") return { k: "ident", name };
    this.i++;
    return { k: "call", name, args: this.list(")") };
  }

  private list(close: string): Expr[] {
    const items: Expr[] = [];
    if (this.peek().t === "op" && this.peek().v === close) {
      this.i++;
      return items;
    }
    for (;;) {
      items.push(this.binary(0));
      const t = this.toks[this.i++]!;
      if (t.t === "op" && t.v === close) return items;
      if (t.t !== "op" || t.v !== ",") throw new ExprError(`unexpected token ${describe(t)}`);
      // expr-lang allows a trailing comma.
      if (this.peek().t === "op" && this.peek().v === close) {
        this.i++;
        return items;
      }
    }
  }
}

function number(text: string): Expr {
  const clean = text.replaceAll("_", "");
  if (/^0[xX]/.test(clean)) return { k: "lit", value: parseInt(clean.slice(2), 16) };
  if (/^0[oO]/.test(clean)) return { k: "lit", value: parseInt(clean.slice(2), 8) };
  if (/^0[bB]/.test(clean)) return { k: "lit", value: parseInt(clean.slice(2), 2) };
  if (/[.eE]/.test(clean)) return { k: "lit", value: Number(clean), float: true };
  return { k: "lit", value: Number(clean) };
}

function describe(t: Tok): string {
  if (t.t === "eof") return "EOF";
  const kind = { str: "String", num: "Number", id: "Identifier", op: "Operator" }[t.t];
  return `${kind}("${t.v}")`;
}

/** Parse one expression (expr.Compile's parse step). Throws ExprError or ExprUnsupported. */
export function parseExpr(src: string): Expr {
  return new ExprParser(lexExpr(src)).parse();
}
