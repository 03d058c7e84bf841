/**
 * A minimal XML writer for the JUnit report: elements with attributes, escaped text and CDATA
 * bodies, two-space indentation. Only what the report needs (no namespaces, no comments).
 */

/** An element: attributes are written in insertion order; undefined values are left out. */
export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | undefined>;
  children?: XmlElement[];
  /** Text content (written as CDATA: failure details hold `<`, `&` and newlines). */
  text?: string;
}

/** Characters XML 1.0 cannot hold at all (https://www.w3.org/TR/xml/#charsets), removed. */
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeAttr(value: string): string {
  return value
    .replace(INVALID, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/** Text as CDATA; a `]]>` inside is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(INVALID, "").replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

function render(e: XmlElement, depth: number): string {
  const pad = "  ".repeat(depth);
  const attrs = Object.entries(e.attrs ?? {})
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join("");
  const children = e.children ?? [];
  if (!children.length && e.text === undefined) return `${pad}<${e.name}${attrs}/>`;
  if (!children.length) return `${pad}<${e.name}${attrs}>${cdata(e.text!)}</${e.name}>`;
  const inner = children.map((c) => render(c, depth + 1));
  if (e.text !== undefined) inner.unshift(`${pad}  ${cdata(e.text)}`);
  return `${pad}<${e.name}${attrs}>\n${inner.join("\n")}\n${pad}</${e.name}>`;
}

export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`;
}
