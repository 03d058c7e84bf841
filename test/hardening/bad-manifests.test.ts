/**
 * Bad manifests are user mistakes, never crashes: invalid YAML, unknown kinds, wrong field types and
 * non-mapping documents each give exit code 2 and one line naming the file, the line and (for field
 * errors) the field path, through the CLI and through `netspec run` with inline manifests (where the
 * location is the .netspec file's line).
 */
import { describe, it, expect } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";

const cli = runCli;

const cases: [string, string, RegExp][] = [
  [
    "yaml.yaml",
    "apiVersion: v1\nkind: Service\nmetadata: { name: a\nspec: {}\n",
    /^netspec: yaml\.yaml:\d+: invalid YAML/,
  ],
  [
    "kind.yaml",
    "apiVersion: v1\nkind: Sevrice\nmetadata: { name: a }\n",
    /kind\.yaml:2: no matches for kind "Sevrice".*did you mean Service\?/,
  ],
  [
    "type.yaml",
    'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec:\n  ports:\n    - port: "eighty"\n',
    /type\.yaml:6: Service "a" is invalid: spec\.ports\[0\]\.port: Invalid value: "eighty"/,
  ],
  [
    "list-for-map.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata: { name: a, labels: [x] }\nspec: { containers: [{ name: c, image: x }] }\n",
    /list-for-map\.yaml:3: Pod "a" is invalid: metadata\.labels: .*expected an object/,
  ],
  ["scalar.yaml", "- 1\n- 2\n", /scalar\.yaml:1: a manifest document must be a mapping/],
  ["noapi.yaml", "kind: Service\nmetadata: { name: a }\n", /noapi\.yaml:1: .*apiVersion/],
];

describe("bad manifests through the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "netspec-bad-"));
  for (const [file, text, message] of cases) {
    it(`${file}: exit 2, file:line and the problem, no stack trace`, async () => {
      writeFileSync(join(dir, file), text);
      const r = await cli(["resolve", "--manifests", file, "--from", "default/x", "kubernetes"], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
    });
  }
});

describe("bad inline manifests in a spec", () => {
  it("errors the case at the .netspec line of the bad field, and the run exits 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-bad-spec-"));
    writeFileSync(
      join(dir, "bad.netspec"),
      [
        'suite "s" {',
        '  test "t" {',
        '    apply """',
        "      apiVersion: v1",
        "      kind: Service",
        "      metadata: { name: a }",
        "      spec:",
        "        ports:",
        '          - port: "eighty"',
        '    """',
        "    expect dns A a.default.svc.cluster.local { rcode NOERROR }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    const r = await cli(["run", "bad.netspec"], dir);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/bad\.netspec:9\b/);
    expect(r.stdout + r.stderr).toMatch(/spec\.ports\[0\]\.port/);
  });
});
