/**
 * The language server over the real protocol: `netspec lsp` spawned, JSON-RPC over stdio. Its
 * diagnostics for every suite file and for the three-mistakes case equal `netspec check`'s (code,
 * line, column); hover, completion, go-to-definition and formatting answer. Completion's contexts are
 * also asserted on the function itself (lsp/completion.ts).
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as rpc from "vscode-jsonrpc/node.js";
import { DEFAULT_FAULTS, LANGUAGE, loadPlan, type SourceHost } from "../../dsl/index.js";
import { completionsAt } from "../../lsp/completion.js";

const root = join(import.meta.dirname, "..", "..");
const mistakes = join(root, "test/e2e/mistakes");

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? specFiles(p) : n.endsWith(".netspec") ? [p] : [];
  });
}
const disk: SourceHost = {
  readFile: (p) => {
    try {
      return statSync(p).isFile() ? readFileSync(p, "utf8") : undefined;
    } catch {
      return undefined;
    }
  },
  isDirectory: (p) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  },
  listDir: (p) => readdirSync(p),
};

interface LspDiag {
  code: string;
  range: { start: { line: number; character: number } };
}

let server: ChildProcess;
let conn: rpc.MessageConnection;
const published = new Map<string, LspDiag[]>();
const waiters = new Map<string, () => void>();

beforeAll(async () => {
  server = spawn(process.execPath, [join(root, "bin/netspec.js"), "lsp", "--stdio"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  conn = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout!),
    new rpc.StreamMessageWriter(server.stdin!),
  );
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: LspDiag[] }) => {
    published.set(p.uri, p.diagnostics);
    waiters.get(p.uri)?.();
  });
  conn.listen();
  await conn.sendRequest("initialize", {
    processId: null,
    rootUri: pathToFileURL(root).toString(),
    capabilities: {},
  });
  await conn.sendNotification("initialized", {});
}, 30_000);

afterAll(() => {
  conn?.dispose();
  server?.kill();
});

async function open(file: string, text = readFileSync(file, "utf8")): Promise<LspDiag[]> {
  const uri = pathToFileURL(file).toString();
  const got = new Promise<void>((r) => waiters.set(uri, r));
  await conn.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "netspec", version: 1, text },
  });
  await got;
  return published.get(uri)!;
}

const fromCheck = (file: string) =>
  loadPlan([file], disk)
    .diagnostics.filter((d) => d.span?.file === file)
    .map((d) => `${d.code}@${d.span!.line}:${d.span!.column}`)
    .sort();
const fromLsp = (ds: LspDiag[]) =>
  ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();

describe("netspec lsp", () => {
  it("diagnostics match netspec check on every suite file and on the mistakes case", async () => {
    for (const file of [...specFiles(join(root, "suites")), ...specFiles(mistakes)])
      expect({ file, diags: fromLsp(await open(file)) }).toEqual({ file, diags: fromCheck(file) });
    expect(fromCheck(specFiles(mistakes)[0]!).length).toBe(3);
  }, 60_000);

  it("hovers on record types and symbolic values, jumps to imports and fixtures, formats", async () => {
    const file = join(root, "suites/coredns/kubernetes-options.netspec");
    const text = readFileSync(file, "utf8");
    await open(file, text);
    const uri = pathToFileURL(file).toString();
    const at = (needle: string, delta = 1) => {
      const lines = text.split("\n");
      const line = lines.findIndex((l) => l.includes(needle));
      return { line, character: lines[line]!.indexOf(needle) + delta };
    };
    const hover = (await conn.sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: at("cluster-ip("),
    })) as { contents: { value: string } };
    expect(hover.contents.value).toMatch(/cluster IPs/);
    const def = (await conn.sendRequest("textDocument/definition", {
      textDocument: { uri },
      position: at("use shop", 5),
    })) as { uri: string; range: { start: { line: number } } };
    expect(def.uri).toBe(uri);
    expect(text.split("\n")[def.range.start.line]).toMatch(/^fixture shop/);
    const messy = text.replace(
      "  tags dns, coredns, kubernetes-plugin",
      "      tags    dns, coredns, kubernetes-plugin",
    );
    await open(file, messy);
    const edits = (await conn.sendRequest("textDocument/formatting", {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    })) as { newText: string }[];
    expect(edits[0]!.newText).toBe(text);
  }, 30_000);
});

describe("netspec lsp completion", () => {
  it("offers statement heads, probes and faults from the statement table over the protocol", async () => {
    const file = join(root, "test/editors/virtual-completion.netspec");
    const text = 'suite "s" {\n  test "t" {\n    fault dns-\n    expect \n  }\n}\n';
    await open(file, text);
    const uri = pathToFileURL(file).toString();
    const at = async (line: number, character: number) =>
      (
        (await conn.sendRequest("textDocument/completion", {
          textDocument: { uri },
          position: { line, character },
        })) as { label: string; detail: string }[]
      ).map((c) => c.label);
    expect(await at(2, 14)).toEqual(DEFAULT_FAULTS.map((f) => f.name));
    const probes = await at(3, 11);
    expect(probes).toEqual(LANGUAGE.filter((e) => e.category === "probe").map((e) => e.word));
    expect(probes).toContain("resolv-conf");
    expect(await at(1, 2)).toContain("cluster");
  }, 30_000);

  it("knows where the cursor stands", () => {
    const labels = (text: string, faults = DEFAULT_FAULTS) => {
      const offset = text.indexOf("|");
      return completionsAt(text.replace("|", ""), offset, faults).map((c) => c.label);
    };
    expect(labels("|")).toEqual(["import", "fixture", "upstream", "suite"]);
    const inSuite = labels('suite "s" {\n  |\n}\n');
    expect(inSuite.slice(0, 4)).toEqual(["tags", "cluster", "upstream", "test"]);
    expect(inSuite).toContain("expect");
    const inTest = labels('suite "s" {\n  test "t" {\n    |\n  }\n}\n');
    expect(inTest).toContain("wait");
    expect(inTest).toContain("tags");
    expect(inTest).not.toContain("cluster");
    expect(labels('suite "s" {\n  cluster kind {\n    |\n  }\n}\n')).toContain("proxy-mode");
    expect(labels('suite "s" {\n  test "t" {\n    expect dns |\n  }\n}\n')).toContain("SRV");
    const dns = labels('suite "s" {\n  test "t" {\n    expect dns A x {\n      |\n    }\n  }\n}\n');
    expect(dns).toContain("rcode");
    expect(dns).not.toContain("tries");
    expect(labels('suite "s" {\n  test "t" {\n    expect dns A x { rcode N| }\n  }\n}\n')).toContain(
      "NXDOMAIN",
    );
    expect(labels("upstream {\n  example.com |\n}\n")).toEqual(
      expect.arrayContaining(["A", "MX", "SERVFAIL", "TIMEOUT"]),
    );
    expect(labels('suite "s" {\n  test "t" { heal |', [{ name: "chaos", args: "" }])).toEqual(["chaos"]);
  });

  it("hovers on statements and faults with the table's syntax and summary", async () => {
    const file = join(root, "test/editors/virtual-hover.netspec");
    const text = 'suite "s" {\n  test "t" {\n    fault dns-outage\n    wait 5s\n  }\n}\n';
    await open(file, text);
    const uri = pathToFileURL(file).toString();
    const hover = async (line: number, character: number) =>
      (
        (await conn.sendRequest("textDocument/hover", {
          textDocument: { uri },
          position: { line, character },
        })) as { contents: { value: string } }
      ).contents.value;
    expect(await hover(3, 5)).toMatch(/^`wait DURATION`: advance time/);
    expect(await hover(2, 12)).toMatch(/`fault dns-outage`/);
  }, 30_000);
});
