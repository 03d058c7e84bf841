import { describe, expect, it } from "vitest";
import { admitManifests } from "./admit-manifests.js";

const app = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports:
  - { name: service-port-tcp-80, port: 80 }
  - { name: a234567890123456789012345678901234567890123456789012345678901234, port: 81, protocol: tcp }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
daat: { a: "1" }
`;

const other = `apiVersion: v1
kind: Secret
metadata: { name: creds, namespace: shop }
stringData: { password: hunter2 }
`;

describe("admitManifests", () => {
  const report = admitManifests([
    { path: "app.yaml", text: app, line: 1, column: 0 },
    { path: "other.yaml", text: other, line: 1, column: 0 },
  ]);

  it("admits what it can, in order (the namespace first hosts what follows), without stopping at a refusal", () => {
    expect(report.documents.map((d) => `${d.kind}/${d.name}: ${d.accepted}`)).toEqual([
      "Namespace/shop: true",
      "Service/web: false",
      "ConfigMap/settings: false",
      "Secret/creds: true",
    ]);
    const secret = report.documents[3]!.object!;
    expect(secret.data).toEqual({ password: "aHVudGVyMg==" });
    expect(secret.type).toBe("Opaque");
  });

  // Lines and columns are 1-based, counted from where each source starts (SourceText line/column).
  it("reports every cause of a refusal at its line and column, with the field path and the apiserver's words", () => {
    const service = report.diagnostics.filter((d) => d.file === "app.yaml" && d.code === "manifest/invalid");
    expect(service.map((d) => [d.line, d.column, d.fieldPath])).toEqual([
      [12, 13, "spec.ports[1].name"],
      [12, 99, "spec.ports[1].protocol"],
    ]);
    expect(service[0]!.message).toBe(
      'Service "web" is invalid: spec.ports[1].name: Invalid value: "a234567890123456789012345678901234567890123456789012345678901234": must be no more than 63 characters',
    );
    expect(service[1]!.message).toBe(
      'Service "web" is invalid: spec.ports[1].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    );
    expect(report.documents[1]!.status!.message).toBe(
      `Service "web" is invalid: [${service.map((d) => d.message.slice('Service "web" is invalid: '.length)).join(", ")}]`,
    );
  });

  it("names an unknown field at its key, as strict decoding words it, with a did-you-mean", () => {
    const [d] = report.diagnostics.filter((x) => x.code === "manifest/unknown-field");
    expect(d).toMatchObject({
      file: "app.yaml",
      line: 17,
      column: 1,
      fieldPath: "daat",
      help: 'did you mean "data"?',
    });
    expect(d!.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "daat"',
    );
  });
});
