import { describe, expect, it } from "vitest";
import { jsonKey, resolvePlain } from "./go-yaml.js";
import { strictDecode } from "./strict.js";
import { parseYamlDocuments } from "./yaml-json.js";

const src = (text: string) => ({ path: "m.yaml", text, line: 1, column: 0 });

describe("YAML as kubectl reads it (sigs.k8s.io/yaml, YAML 1.1)", () => {
  it("resolves plain scalars as goyaml.v2 does", () => {
    const cases: [string, unknown][] = [
      ["yes", true],
      ["no", false],
      ["on", true],
      ["off", false],
      ["y", true],
      ["N", false],
      ["~", null],
      ["null", null],
      ["", null],
      ["0755", 493],
      ["0x1F", 31],
      ["0o17", 15],
      ["1_000", 1000],
      ["1e3", 1000],
      ["08", 8],
      ["-0", 0],
      ["3.0", 3],
      [".5", 0.5],
      ["2024-01-02", "2024-01-02"],
      ["1:20", "1:20"],
      ["web", "web"],
      ["+12", 12],
      [".inf", Infinity],
      ["-.Inf", -Infinity],
      ["Yes", true],
      ["nginx", "nginx"],
      // Names of Object.prototype members are plain strings (they once resolved to those members).
      ["constructor", "constructor"],
      ["toString", "toString"],
      ["hasOwnProperty", "hasOwnProperty"],
    ];
    for (const [text, want] of cases) expect([text, resolvePlain(text)]).toEqual([text, want]);
  });

  it("turns keys into strings the way sigs.k8s.io/yaml does, and keeps quoted scalars strings", () => {
    expect([jsonKey(true), jsonKey(80), jsonKey(1.5), jsonKey("a")]).toEqual(["true", "80", "1.5", "a"]);
    const [d] = parseYamlDocuments(src('on: x\n"on": yy\nq: "0755"\nr: 0755\n')).documents;
    expect(d!.value).toEqual({ true: "x", on: "yy", q: "0755", r: 493 });
  });

  it("keeps the last of a repeated key and says where the repeat is", () => {
    const [d] = parseYamlDocuments(src("a: 1\nb: 2\na: 3\n")).documents;
    expect(d!.value).toEqual({ a: 3, b: 2 });
    expect(d!.duplicates).toEqual([{ path: ["a"], location: { path: "m.yaml", line: 3, column: 1 } }]);
  });

  it("locates values and keys, offset by where inline text starts", () => {
    const [d] = parseYamlDocuments({
      path: "s.netspec",
      text: "spec:\n  ports:\n  - port: 80\n",
      line: 10,
      column: 4,
    }).documents;
    expect(d!.locate(["spec", "ports", 0, "port"])).toEqual({ path: "s.netspec", line: 12, column: 15 });
    expect(d!.locate(["spec", "ports", 0, "port"], true)).toEqual({ path: "s.netspec", line: 12, column: 9 });
    expect(d!.locate(["spec", "nope"])).toEqual({ path: "s.netspec", line: 10, column: 5 });
  });

  it("refuses what sigs.k8s.io/yaml cannot convert: null keys, infinities", () => {
    expect(parseYamlDocuments(src("~: v\n")).error?.message).toBe(
      'unsupported map key of type: %!s(<nil>), key: <nil>, value: "v"',
    );
    expect(parseYamlDocuments(src("a: .inf\n")).error?.message).toBe("json: unsupported value: +Inf");
  });
});

describe("strict decoding into the API types", () => {
  it("words type errors as encoding/json does, the first in the order kubectl sends keys", () => {
    const r = strictDecode(
      { apiVersion: "v1", kind: "Service", spec: { ports: [{ protocol: 5, port: "80" }], clusterIP: 5 } },
      "core.v1.Service",
    );
    expect(r.typeError?.message).toBe(
      "json: cannot unmarshal number into Go struct field ServiceSpec.spec.clusterIP of type string",
    );
    expect(strictDecode({ spec: { ports: [{ port: 80.5 }] } }, "core.v1.Service").typeError?.message).toBe(
      "json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.port of type int32",
    );
    expect(
      strictDecode({ spec: { ports: [{ port: 80, targetPort: true }] } }, "core.v1.Service").typeError
        ?.message,
    ).toBe(
      "json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32",
    );
    expect(strictDecode({ spec: [] }, "core.v1.Service").typeError?.message).toBe(
      "json: cannot unmarshal array into Go struct field Service.spec of type v1.ServiceSpec",
    );
  });

  it("collects every unknown field with its path and the struct's known fields", () => {
    const r = strictDecode(
      { metadata: { name: "x", foo: 1 }, spec: { selctor: {}, ports: [{ port: 80, protocl: "TCP" }] } },
      "core.v1.Service",
    );
    expect(r.typeError).toBeUndefined();
    expect(r.unknown.map((u) => u.message)).toEqual([
      'unknown field "metadata.foo"',
      'unknown field "spec.ports[0].protocl"',
      'unknown field "spec.selctor"',
    ]);
    expect(r.unknown[2]!.known).toContain("selector");
  });
});
