/**
 * Compile (type-check) and run plugin/view expressions: expr-lang/expr v1.17.8 checker/checker.go
 * (binaryNode, unaryNode, callNode's argument checks) over the natures of the parsed subset, and
 * vm/runtime's semantics for it (runtime.Equal: numbers compare by value across int and float, other
 * kinds only with their own; `in` over an array; `matches` as Go's regexp.MatchString).
 */
import type { DnsRequest } from "../../plugin.js";
import { EXPR_BUILTINS, EvalError, VIEW_ENV } from "./expr-env.js";
import type { ExprType, ExprValue } from "./expr-env.js";
import { ExprError, ExprUnsupported, parseExpr } from "./expr-parse.js";
import type { Expr } from "./expr-parse.js";

/** A compiled expression (expr.Compile's *vm.Program). */
export interface Program {
  readonly source: string;
  readonly uses: ReadonlySet<string>;
  run(req: DnsRequest): ExprValue;
}

const isNumber = (t: ExprType) => t === "int" || t === "float";
const loose = (t: ExprType) => t === "unknown";

/** Nature.ComparableTo. */
function comparable(l: ExprType, r: ExprType): boolean {
  return loose(l) || loose(r) || l === "nil" || r === "nil" || (isNumber(l) && isNumber(r)) || l === r;
}

/**
 * Go's regexp (RE2) as a JavaScript RegExp: named groups `(?P<n>` become `(?<n>`; a leading `(?i)`
 * becomes the i flag. Lookarounds and backreferences are RE2 errors; other Perl/POSIX forms the two
 * engines read differently are refused as unmodelled.
 */
export function goRegexp(src: string): RegExp {
  let body = src.replace(/\(\?P</g, "(?<");
  let flags = "";
  if (body.startsWith("(?i)")) {
    flags = "i";
    body = body.slice(4);
  }
  if (/\(\?<?[=!]/.test(body) || /\\[1-9]/.test(body))
    throw new ExprError(`error parsing regexp: invalid or unsupported Perl syntax in ${JSON.stringify(src)}`);
  if (/\(\?[a-zA-Z-]/.test(body) || /\\[AzQEpPC]|\[\[:/.test(body))
    throw new ExprUnsupported(
      `the regular expression ${JSON.stringify(src)} (RE2 syntax JavaScript reads differently)`,
    );
  try {
    return new RegExp(body, flags);
  } catch (e) {
    throw new ExprError(`error parsing regexp: ${(e as Error).message}`);
  }
}

class Checker {
  readonly uses = new Set<string>();

  visit(e: Expr): ExprType {
    switch (e.k) {
      case "lit":
        if (e.value === null) return "nil";
        if (typeof e.value === "string") return "string";
        if (typeof e.value === "boolean") return "bool";
        return e.float ? "float" : "int";
      case "array":
        for (const x of e.items) this.visit(x);
        return "array";
      case "ident":
        if (VIEW_ENV[e.name]) throw new ExprUnsupported(`the function value '${e.name}' without a call`);
        throw new ExprError(`unknown name ${e.name}`);
      case "call":
        return this.call(e);
      case "unary": {
        const t = this.visit(e.arg);
        if (e.op === "!" && (t === "bool" || loose(t))) return "bool";
        if (e.op === "-" && (isNumber(t) || loose(t))) return loose(t) ? "unknown" : t;
        throw new ExprError(`invalid operation: ${e.op} (mismatched type ${t})`);
      }
      case "binary":
        return this.binary(e.op, this.visit(e.left), this.visit(e.right), e.right);
    }
  }

  private call(e: Extract<Expr, { k: "call" }>): ExprType {
    const f = VIEW_ENV[e.name];
    if (!f) {
      if (EXPR_BUILTINS.has(e.name)) throw new ExprUnsupported(`the builtin ${e.name}()`);
      throw new ExprError(`unknown name ${e.name}`);
    }
    this.uses.add(e.name);
    if (e.args.length < f.params.length) throw new ExprError(`not enough arguments to call ${e.name}`);
    if (e.args.length > f.params.length) throw new ExprError(`too many arguments to call ${e.name}`);
    e.args.forEach((a, i) => {
      const t = this.visit(a);
      const want = f.params[i]!;
      if (t !== want && !loose(t))
        throw new ExprError(`cannot use ${t} as argument (type ${want}) to call ${e.name} `);
    });
    return f.result;
  }

  private binary(op: string, l: ExprType, r: ExprType, right: Expr): ExprType {
    const ok = (() => {
      switch (op) {
        case "==":
        case "!=":
          return comparable(l, r);
        case "or":
        case "||":
        case "and":
        case "&&":
          return (l === "bool" || loose(l)) && (r === "bool" || loose(r));
        case "<":
        case ">":
        case "<=":
        case ">=":
          return (isNumber(l) && isNumber(r)) || (l === "string" && r === "string") || loose(l) || loose(r);
        case "in":
          return r === "array" || loose(r) || (loose(l) && r === "string");
        case "matches":
          if (right.k === "lit" && typeof right.value === "string") goRegexp(right.value);
          return (l === "string" || loose(l)) && (r === "string" || loose(r));
        default:
          return (l === "string" || loose(l)) && (r === "string" || loose(r));
      }
    })();
    if (!ok) throw new ExprError(`invalid operation: ${op} (mismatched types ${l} and ${r})`);
    return "bool";
  }
}

/** runtime.Equal for the values the subset produces. */
function equal(a: ExprValue, b: ExprValue): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return a === b;
}

function evaluate(e: Expr, req: DnsRequest): ExprValue {
  switch (e.k) {
    case "lit":
      return e.value;
    case "array":
      return e.items.map((x) => evaluate(x, req));
    case "ident":
      throw new EvalError(`unknown name ${e.name}`);
    case "call":
      return VIEW_ENV[e.name]!.run(
        req,
        e.args.map((a) => evaluate(a, req)),
      );
    case "unary": {
      const v = evaluate(e.arg, req);
      if (e.op === "-") return -(v as number);
      if (typeof v !== "boolean") throw new EvalError(`invalid operation: ! (mismatched type)`);
      return !v;
    }
    case "binary":
      return binary(e.op, e.left, e.right, req);
  }
}

function binary(op: string, le: Expr, re: Expr, req: DnsRequest): ExprValue {
  const l = evaluate(le, req);
  if (op === "or" || op === "||" || op === "and" || op === "&&") {
    if (typeof l !== "boolean") throw new EvalError(`invalid operation: ${op}`);
    const or = op === "or" || op === "||";
    if (l === or) return l;
    const r = evaluate(re, req);
    if (typeof r !== "boolean") throw new EvalError(`invalid operation: ${op}`);
    return r;
  }
  const r = evaluate(re, req);
  switch (op) {
    case "==":
      return equal(l, r);
    case "!=":
      return !equal(l, r);
    case "in":
      if (!Array.isArray(r)) throw new EvalError(`operator "in" not defined on ${typeof r}`);
      return r.some((x) => equal(l, x));
    case "<":
    case ">":
    case "<=":
    case ">=": {
      if (typeof l !== typeof r || (typeof l !== "number" && typeof l !== "string"))
        throw new EvalError(`invalid operation: ${op}`);
      const a = l as number | string;
      const b = r as number | string;
      return op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : a >= b;
    }
  }
  if (typeof l !== "string" || typeof r !== "string") throw new EvalError(`invalid operation: ${op}`);
  if (op === "matches") return goRegexp(r).test(l);
  if (op === "contains") return l.includes(r);
  if (op === "startsWith") return l.startsWith(r);
  return l.endsWith(r);
}

/**
 * expr.Compile with view's options (setup.go parse: the DefaultEnv, the builtin `type` disabled so
 * that the environment's `type()` is the query type). Throws ExprError or ExprUnsupported.
 */
export function compileExpr(source: string): Program {
  const ast = parseExpr(source);
  const checker = new Checker();
  checker.visit(ast);
  return { source, uses: checker.uses, run: (req) => evaluate(ast, req) };
}
