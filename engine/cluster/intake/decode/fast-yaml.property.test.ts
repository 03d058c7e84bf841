/**
 * The fast YAML path must give what the `yaml` package's tree gives, or step aside: random documents
 * in the subset (block and flow styles, quoting, comments, `---` splits), and the same texts with
 * random characters inserted or deleted, are read both ways; values, document locations, errors and
 * the location of every path (value and key) must be identical. The repository's own manifests too.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Unsupported } from "./fast-yaml.js";
import { fastDocumentStream, fastDocuments } from "./fast-stream.js";
import { parseYamlDocuments, type Json, type Segment } from "./yaml-json.js";

const scalarText = fc.constantFrom(
  "x",
  "a b",
  "80",
  "-1",
  "0755",
  "yes",
  "on",
  "~",
  "null",
  "1e3",
  ".5",
  "-x",
  "http://a:b",
  "a#b",
  "a,b",
  "'q'",
  "'it''s'",
  '"d"',
  '""',
  "''",
  "1_000",
  "0x1F",
  "true",
  "2024-01-02",
  "-",
  "a:",
  "x ",
  '"a\\nb"',
  '"say \\"hi\\""',
  '"back\\\\slash"',
  '"t\\tx\\r"',
  '"\\x41"',
  '"\\u00e9"',
  '"\\z"',
  '"end\\"',
  '"\\\\"',
);
const keyText = fc.constantFrom(
  "a",
  "b",
  "name",
  "80",
  "yes",
  '"q"',
  "'s'",
  "k.io/x",
  "a:b",
  "null",
  "c",
  '"k\\n"',
  '"k\\"q"',
);

type Tree = { s: string } | { seq: Tree[] } | { map: [string, Tree][] };
const tree: fc.Arbitrary<{ t: Tree; flow: boolean }> = fc
  .letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      scalarText.map((s) => ({ s })),
      fc.array(tie("node"), { maxLength: 3 }).map((seq) => ({ seq })),
      fc.array(fc.tuple(keyText, tie("node")), { maxLength: 3 }).map((map) => ({ map })),
    ),
  }))
  .node.chain((t) => fc.boolean().map((flow) => ({ t, flow })));

const empty = (t: Tree): boolean => ("seq" in t ? t.seq.length === 0 : "map" in t && t.map.length === 0);

function flow(t: Tree): string {
  if ("s" in t) return t.s;
  if ("map" in t) return `{ ${t.map.map(([k, v]) => `${k}: ${flow(v)}`).join(", ")} }`;
  return `[${t.seq.map(flow).join(", ")}]`;
}

function block(t: Tree, indent: number, flowAt: number): string[] {
  const pad = " ".repeat(indent);
  if ("s" in t || empty(t) || indent >= flowAt) return [pad + flow(t)];
  if ("map" in t)
    return t.map.flatMap(([k, v]) =>
      "s" in v || empty(v) || indent + 2 >= flowAt
        ? [`${pad}${k}: ${flow(v)}`]
        : [`${pad}${k}:`, ...block(v, "map" in v ? indent + 2 : indent, flowAt)],
    );
  return t.seq.flatMap((v) => {
    const lines = block(v, indent + 2, flowAt);
    return [`${pad}- ${lines[0]!.slice(indent + 2)}`, ...lines.slice(1)];
  });
}

const documentText = fc
  .tuple(tree, fc.integer({ min: 0, max: 4 }), fc.boolean())
  .map(([{ t, flow: f }, flowAt, comment]) => {
    const lines = f ? [flow(t)] : block(t, 0, flowAt);
    return (comment ? ["# c", ...lines.map((l, i) => (i === 0 ? l : `${l} # n`))] : lines).join("\n");
  });
const stream = fc.array(documentText, { minLength: 1, maxLength: 3 }).map((d) => d.join("\n---\n"));
const noise = fc.constantFrom(..."#:-'\"{}[], \n\t!&*|>?%@.~\\abc0".split(""));
const mutated = fc
  .tuple(stream, fc.array(fc.tuple(fc.nat(), noise, fc.boolean()), { maxLength: 3 }))
  .map(([s, edits]) =>
    edits.reduce((acc, [at, ch, del]) => {
      const i = acc.length ? at % acc.length : 0;
      return del ? acc.slice(0, i) + acc.slice(i + 1) : acc.slice(0, i) + ch + acc.slice(i);
    }, s),
  );

function paths(v: Json | undefined, prefix: Segment[] = []): Segment[][] {
  const out: Segment[][] = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === "object")
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return [...out, [...prefix, "missing"]];
}

/** Both paths, compared: values, errors, document starts, every located path. */
function same(text: string, where = { path: "m.yaml", line: 3, column: 2 }): void {
  const source = { ...where, text };
  const fast = parseYamlDocuments(source, true);
  const slow = parseYamlDocuments(source, false);
  expect(fast.error).toEqual(slow.error);
  expect(fast.documents.map((d) => [d.value, d.location, d.duplicates])).toEqual(
    slow.documents.map((d) => [d.value, d.location, d.duplicates]),
  );
  slow.documents.forEach((d, i) => {
    for (const p of paths(d.value))
      for (const key of [false, true]) expect(fast.documents[i]!.locate(p, key)).toEqual(d.locate(p, key));
  });
}

describe("fast YAML path", () => {
  it("reads documents of the subset itself, exactly as the yaml package's tree reads", () => {
    let taken = 0;
    fc.assert(
      fc.property(stream, (text) => {
        same(text);
        if (fastDocuments(text)) taken++;
      }),
      { numRuns: 400 },
    );
    // Most generated texts are in the subset (the rest have scalars it refuses on purpose, e.g. `a:`).
    expect(taken).toBeGreaterThan(100);
  });

  it("steps aside, or agrees, on mutated texts", () => {
    fc.assert(
      fc.property(mutated, (text) => same(text)),
      { numRuns: 1500 },
    );
  });

  it("hands the rest of a file to the yaml package from the document before the first it refuses", () => {
    // The stray `}` of the second document is an error the yaml package hangs on the first one.
    same("a: 1\n---\n[ b]\n---\n# c\n  }#\n---\n'it''s'");
    // Refused in the fourth document (an anchor, a block scalar): lines in messages count from the file.
    same('a: 1\n---\nb: 2\n---\nc: 3\n---\nd: &x 4\ne: *x\n---\nf: |\n  x\n---\n{ g: ["\\z"] }');
    same('# head\n---\na: 1\n---\nb: { c: 1 }\n---\nx: "\\z"\n');
    const at = { restart: -1 };
    const seen: number[] = [];
    expect(() => {
      for (const d of fastDocumentStream("a: 1\n---\nb: 2\n---\nc: &x 3\n", at)) seen.push(d.slice[0]);
    }).toThrow(Unsupported);
    // The first document was handed out; the second is held back until the third was read.
    expect(seen).toEqual([0]);
    expect(at.restart).toBe(5);
  });

  it("agrees on every manifest in suites/ and test/", () => {
    const root = join(import.meta.dirname, "../../../..");
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ya?ml|json)$/.test(f)) files.push(p);
      }
    };
    walk(join(root, "suites"));
    walk(join(root, "test"));
    expect(files.length).toBeGreaterThan(10);
    let yaml = 0;
    let taken = 0;
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      same(text);
      if (f.endsWith(".json")) continue;
      yaml++;
      if (fastDocuments(text)) taken++;
    }
    expect(taken).toBeGreaterThan(yaml / 2);
  });
});
