/**
 * The VS Code TextMate grammar (editors/vscode/syntaxes) tokenizes every suite file with every
 * non-blank character inside a netspec scope (nothing left as bare source, nothing `invalid`), and the
 * main constructs get the intended scopes.
 */
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";

const root = join(import.meta.dirname, "..", "..");
const require = createRequire(import.meta.url);

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === "source.netspec"
        ? vsctm.parseRawGrammar(
            readFileSync(join(root, "editors/vscode/syntaxes/netspec.tmLanguage.json"), "utf8"),
            "netspec.tmLanguage.json",
          )
        : scope === "source.yaml"
          ? // VS Code ships the YAML grammar; an empty stand-in keeps the embedding testable here.
            vsctm.parseRawGrammar(JSON.stringify({ scopeName: "source.yaml", patterns: [] }), "yaml.json")
          : null,
  });
  const g = await registry.loadGrammar("source.netspec");
  if (!g) throw new Error("grammar did not load");
  return g;
}

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? specFiles(p) : n.endsWith(".netspec") ? [p] : [];
  });
}

function tokenize(grammar: vsctm.IGrammar, text: string) {
  let state = vsctm.INITIAL;
  const out: { line: number; text: string; scopes: string[] }[] = [];
  text.split("\n").forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens)
      out.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

describe("TextMate grammar", () => {
  it("gives every non-blank character of every suite a netspec scope", async () => {
    const grammar = await loadGrammar();
    const files = specFiles(join(root, "suites"));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bare = tokenize(grammar, readFileSync(f, "utf8")).filter(
        (t) => t.text.trim() !== "" && (t.scopes.length < 2 || t.scopes.some((s) => s.startsWith("invalid"))),
      );
      expect(bare.map((t) => `${f}:${t.line} "${t.text}"`)).toEqual([]);
    }
  });

  it("scopes keywords, probes, record types, rcodes, calls, strings and embedded YAML", async () => {
    const grammar = await loadGrammar();
    const tokens = tokenize(
      grammar,
      'suite "s" {\n  apply """\n    kind: Pod\n  """\n  test "t" { expect dns A x.default.svc.cluster.local { rcode NXDOMAIN; answer == cluster-ip(service default/x) } }\n}\n',
    );
    const scope = (text: string) => tokens.find((t) => t.text === text)?.scopes.at(-1);
    expect(scope("suite")).toBe("keyword.control.netspec");
    expect(scope("dns")).toBe("support.type.probe.netspec");
    expect(scope("A")).toBe("constant.language.type.netspec");
    expect(scope("NXDOMAIN")).toBe("constant.language.rcode.netspec");
    expect(scope("cluster-ip")).toBe("support.function.netspec");
    expect(scope("rcode")).toBe("variable.other.property.netspec");
    expect(tokens.find((t) => t.text.includes("kind: Pod"))?.scopes).toContain("meta.embedded.block.yaml");
  });
});
