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
import { DEFAULT_FAULTS, KEYWORDS, LANGUAGE, loadPlan, type SourceHost } from "../../dsl/index.js";
import { completionsAt } from "../../lsp/completion.js";
import { hoverText } from "../../lsp/hover-docs.js";

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

describe("netspec lsp: names, quick fixes, hovers everywhere, definitions in manifests", () => {
  const spec = [
    'suite "s" {',
    '  apply """',
    "    apiVersion: v1",
    "    kind: Pod",
    "    metadata: { name: web, namespace: shop }",
    "    spec: { containers: [{ name: c, image: nginx }] }",
    "    ---",
    "    apiVersion: v1",
    "    kind: Service",
    "    metadata:",
    "      name: front",
    "      namespace: shop",
    "    spec: { ports: [{ port: 80 }] }",
    '  """',
    '  test "t" {',
    "    expect connect from pod shop/web to service shop/front port 80 { allowed }",
    "    expect dns A front.shop.svc.cluster.local { rcode NOERRR }",
    "  }",
    "}",
    "",
  ].join("\n");

  it("completes the pods and services the spec defines", async () => {
    const file = join(root, "test/editors/virtual-names.netspec");
    const text = spec.replace("port 80 { allowed }", 'port 80 { allowed }\n    expect resolve "x" from pod ');
    await open(file, text);
    const uri = pathToFileURL(file).toString();
    const line = text.split("\n").findIndex((l) => l.endsWith("from pod "));
    const items = (await conn.sendRequest("textDocument/completion", {
      textDocument: { uri },
      position: { line, character: text.split("\n")[line]!.length },
    })) as { label: string }[];
    expect(items.map((i) => i.label)).toEqual(["shop/web"]);
    const services = completionsAt("x to service ", 13, DEFAULT_FAULTS, {
      pods: [],
      services: ["shop/front", "default/kubernetes"],
      nodes: [],
    });
    expect(services.map((c) => c.label)).toEqual(["shop/front", "default/kubernetes"]);
  }, 30_000);

  it("offers the checker's did-you-mean as a quick fix", async () => {
    const file = join(root, "test/editors/virtual-fix.netspec");
    const diags = (await open(file, spec)) as (LspDiag & {
      data?: unknown;
      range: unknown;
      message: string;
    })[];
    const typo = diags.find((d) => d.code === "check/unknown-rcode")!;
    expect(typo).toBeDefined();
    const uri = pathToFileURL(file).toString();
    const actions = (await conn.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: typo.range,
      context: { diagnostics: [typo] },
    })) as { title: string; edit: { changes: Record<string, { newText: string; range: unknown }[]> } }[];
    expect(actions.map((a) => a.title)).toEqual(["Change to `NOERROR`"]);
    expect(actions[0]!.edit.changes[uri]![0]).toEqual({ range: typo.range, newText: "NOERROR" });
  }, 30_000);

  it("jumps from a pod or service to the manifest that defines it", async () => {
    const file = join(root, "test/editors/virtual-def.netspec");
    await open(file, spec);
    const uri = pathToFileURL(file).toString();
    const line = spec.split("\n").findIndex((l) => l.includes("from pod shop/web"));
    const col = (needle: string) => spec.split("\n")[line]!.indexOf(needle) + 2;
    const go = async (character: number) =>
      (await conn.sendRequest("textDocument/definition", {
        textDocument: { uri },
        position: { line, character },
      })) as { uri: string; range: { start: { line: number; character: number } } };
    const pod = await go(col("shop/web"));
    expect(pod.uri).toBe(uri);
    expect(pod.range.start).toEqual({ line: 4, character: 22 });
    const svc = await go(col("shop/front"));
    expect(svc.range.start).toEqual({ line: 10, character: 12 });
  }, 30_000);

  it("shows the engine's checks of embedded manifests, as netspec check does", async () => {
    const file = join(root, "test/newcomer/mistakes/bad-enum.netspec");
    const diags = await open(file);
    expect(fromLsp(diags)).toEqual(["manifest/invalid@8:37"]);
  }, 30_000);

  it("has a hover for every word of the table, every subject and joining word, and every fault", () => {
    const words = [...LANGUAGE, ...KEYWORDS].map((e) => (e.category === "function" ? `${e.word}(` : e.word));
    for (const w of words) expect(hoverText(w, DEFAULT_FAULTS), w).toBeTruthy();
    for (const w of ["from", "to", "port", "has", "lacks", "all", "answer", "tries", "lands-on", "where"])
      expect(hoverText(w, DEFAULT_FAULTS), w).toBeTruthy();
    const faults = [{ name: "dns-outage", args: "", summary: "Every CoreDNS replica stops answering." }];
    expect(hoverText("dns-outage", faults)).toContain("Every CoreDNS replica stops answering.");
  });
});
