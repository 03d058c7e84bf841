/**
 * Item patterns: the syntax of a statement's items, written declaratively instead of by index
 * arithmetic. A pattern takes items from a cursor and says how it reads (`syntax`, for docs, hovers
 * and completion); patterns combine in sequence (`seq`), as keyword-led options in any order
 * (`options`), as alternatives chosen by a leading keyword (`oneOf`) and as repetitions (`rest`).
 * A pattern reports what it cannot make sense of through the session and takes what it can.
 */
import type { ItemNode, Statement } from "../ast.js";
import type { Span } from "../span.js";
import type { Ctx } from "./context.js";
import type { Session } from "./session.js";

/** Where a value is being compiled: the statement (for spans of missing items) and the load. */
export interface Site {
  readonly st: Statement;
  readonly ctx: Ctx;
}

/** A position in a statement's items. */
export class Cursor implements Site {
  i = 0;
  constructor(
    readonly st: Statement,
    readonly ctx: Ctx,
    readonly items: readonly ItemNode[] = st.items,
  ) {}

  get session(): Session {
    return this.ctx.session;
  }
  get done(): boolean {
    return this.i >= this.items.length;
  }
  peek(k = 0): ItemNode | undefined {
    return this.items[this.i + k];
  }
  next(): ItemNode | undefined {
    return this.items[this.i++];
  }
  /** The span of the item `k` ahead, or the statement's when there is none (a missing item). */
  spanAt(k = 0): Span {
    return this.items[this.i + k]?.$span ?? this.st.$span;
  }
}

export interface Pattern<T> {
  /** How the items read, e.g. `TYPE NAME [from SOURCE]`. */
  readonly syntax: string;
  take(c: Cursor): T;
}

export function pattern<T>(syntax: string, take: (c: Cursor) => T): Pattern<T> {
  return { syntax, take };
}

/** The text of a word or a quoted string. */
export function textOf(x: ItemNode | undefined): string | undefined {
  return x && (x.$type === "Word" || x.$type === "String") ? x.value : undefined;
}

/** One item, as text when it is a word or a string (undefined otherwise, or when there is none). */
export function text(syntax: string): Pattern<string | undefined> {
  return pattern(syntax, (c) => textOf(c.next()));
}

/** One item, as the item itself (for patterns that judge its type). */
export function item(syntax: string): Pattern<ItemNode | undefined> {
  return pattern(syntax, (c) => c.next());
}

/** Is the next item the word `name`? Taken when it is. */
export function keyword(name: string): Pattern<boolean> {
  return pattern(name, (c) => {
    const x = c.peek();
    if (x?.$type !== "Word" || x.value !== name) return false;
    c.i++;
    return true;
  });
}

type Results<P extends readonly Pattern<unknown>[]> = {
  -readonly [K in keyof P]: P[K] extends Pattern<infer T> ? T : never;
};

/** Patterns one after the other. */
export function seq<P extends readonly Pattern<unknown>[]>(...ps: P): Pattern<Results<P>> {
  return pattern(ps.map((p) => p.syntax).join(" "), (c) => ps.map((p) => p.take(c)) as Results<P>);
}

/** `p` when the next item is the keyword `name` (taken first), undefined otherwise. */
export function after<T>(name: string, p: Pattern<T>): Pattern<T | undefined> {
  const kw = keyword(name);
  return pattern(`${name} ${p.syntax}`, (c) => (kw.take(c) ? p.take(c) : undefined));
}

/** An optional part: written `[...]` in the syntax. */
export function optional<T>(p: Pattern<T | undefined>): Pattern<T | undefined> {
  return pattern(`[${p.syntax}]`, (c) => p.take(c));
}

/** What `options` found: each keyword with its value, in the order written. */
export type Found<T extends Record<string, Pattern<unknown>>> = {
  [K in keyof T]: [K, T[K] extends Pattern<infer V> ? V : never];
}[keyof T][];

/**
 * Keyword-led options in any order, up to the end of the items: `from SOURCE over tcp`. A word that
 * is no option's keyword is reported as an unknown `what` (with the keywords as candidates) and skipped.
 */
export function options<T extends Record<string, Pattern<unknown>>>(
  what: string,
  table: T,
  required: readonly (keyof T)[] = [],
): Pattern<Found<T>> {
  const keys = Object.keys(table);
  const syntax = keys.map((k) =>
    required.includes(k) ? `${k} ${table[k]!.syntax}` : `[${k} ${table[k]!.syntax}]`,
  );
  return pattern(syntax.join(" "), (c) => {
    const found: [string, unknown][] = [];
    while (!c.done) {
      const o = textOf(c.peek());
      if (o !== undefined && Object.hasOwn(table, o)) {
        c.i++;
        found.push([o, table[o]!.take(c)]);
      } else {
        c.session.unknown("check/unexpected", what, o ?? "", c.spanAt(), keys);
        c.i++;
      }
    }
    return found as Found<T>;
  });
}

/** The last value given for option `key` (undefined when absent). */
export function last<T extends Record<string, Pattern<unknown>>, K extends keyof T>(
  found: Found<T>,
  key: K,
): (T[K] extends Pattern<infer V> ? V : never) | undefined {
  const hit = found.filter((f) => f[0] === key).pop();
  return hit?.[1] as (T[K] extends Pattern<infer V> ? V : never) | undefined;
}

/** Every remaining item, each taken by `p` (written `[p]...`). */
export function rest<T>(p: Pattern<T>): Pattern<T[]> {
  return pattern(`[${p.syntax}]...`, (c) => {
    const out: T[] = [];
    while (!c.done) {
      const at = c.i;
      out.push(p.take(c));
      if (c.i === at) c.i++;
    }
    return out;
  });
}

/** Alternatives written as `a | b`, the first whose `when` holds at the cursor is taken. */
export function oneOf<T>(
  alternatives: readonly { when: (c: Cursor) => boolean; p: Pattern<T> }[],
  otherwise: Pattern<T>,
): Pattern<T> {
  return pattern(alternatives.map((a) => a.p.syntax).join(" | "), (c) => {
    const a = alternatives.find((x) => x.when(c));
    return (a?.p ?? otherwise).take(c);
  });
}

/** A word or string that must be there (a name): reported as `expected WHAT` when it is not. */
export function named(
  what: string,
  syntax = what.toUpperCase().replace(/ /g, "-"),
): Pattern<string | undefined> {
  return pattern(syntax, (c) => {
    const span = c.spanAt();
    const v = textOf(c.next());
    if (v === undefined) c.session.error("check/expected", `expected ${what}`, span);
    return v;
  });
}

/** Reports that the statement's items are not what its head expects. */
export function expects(at: Site, what: string): undefined {
  at.ctx.session.error("check/expected", `\`${at.st.head}\` expects ${what}`, at.st.$span);
  return undefined;
}
