/** AST of a .netspec file: a tree of generic statements; meaning is assigned by the compiler. */
import type { Span } from "./span.js";

export interface WordNode {
  $type: "Word";
  value: string;
  $span: Span;
}
export interface StringNode {
  $type: "String";
  value: string;
  $span: Span;
}
/** `"""..."""`: `value` has the common indentation (`column` columns) stripped; it starts on `line`. */
export interface BlockStringNode {
  $type: "BlockString";
  value: string;
  raw: string;
  line: number;
  column: number;
  $span: Span;
}
export interface ListNode {
  $type: "List";
  items: ItemNode[][];
  $span: Span;
}
export interface CallNode {
  $type: "Call";
  fn: string;
  args: ItemNode[][];
  $span: Span;
}
export interface PairNode {
  $type: "Pair";
  key: string;
  value: string;
  $span: Span;
}
export interface OpNode {
  $type: "Op";
  value: string;
  $span: Span;
}
export interface CommaNode {
  $type: "Comma";
  $span: Span;
}
export type ItemNode =
  WordNode | StringNode | BlockStringNode | ListNode | CallNode | PairNode | OpNode | CommaNode;

export interface Statement {
  $type: "Statement";
  head: string;
  headSpan: Span;
  items: ItemNode[];
  block?: Statement[];
  $span: Span;
}

export interface ParseError {
  code: string;
  message: string;
  span: Span;
}

export interface SpecFile {
  $type: "SpecFile";
  statements: Statement[];
  errors: ParseError[];
  $span: Span;
}
