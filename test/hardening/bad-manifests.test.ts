/**
 * Bad manifests are user mistakes, never crashes: invalid YAML, unknown kinds, wrong field types and
 * non-mapping documents each give exit code 2 and one line naming the file and the line, worded as
 * kubectl or the API server words them (kubectl's own checks and REST mapping, the server's strict
 * decoding), through the CLI and through `netspec run` with inline manifests (where the location is
 * the .netspec file's line).
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
    /^netspec: yaml\.yaml:\d+: error parsing yaml\.yaml: error converting YAML to JSON: yaml: line \d+: /,
  ],
  [
    "kind.yaml",
    "apiVersion: v1\nkind: Sevrice\nmetadata: { name: a }\n",
    /kind\.yaml:2: resource mapping not found for name: "a" namespace: "" from "kind\.yaml": no matches for kind "Sevrice" in version "v1"\nensure CRDs are installed first\n {2}help: did you mean Service\?/,
  ],
  [
    "type.yaml",
    'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec:\n  ports:\n    - port: "eighty"\n',
    /type\.yaml:6: Service in version "v1" cannot be handled as a Service: json: cannot unmarshal string into Go struct field ServicePort\.spec\.ports\.port of type int32/,
  ],
  [
    "list-for-map.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata: { name: a, labels: [x] }\nspec: { containers: [{ name: c, image: x }] }\n",
    /list-for-map\.yaml:3: unable to decode "list-for-map\.yaml": json: cannot unmarshal array into Go struct field ObjectMeta\.metadata\.labels of type map\[string\]string/,
  ],
  [
    "scalar.yaml",
    "- 1\n- 2\n",
    /scalar\.yaml:1: error validating "scalar\.yaml": error validating data: invalid object to validate/,
  ],
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
    expect(r.stdout + r.stderr).toMatch(/spec\.ports\.port of type int32/);
  });
});
