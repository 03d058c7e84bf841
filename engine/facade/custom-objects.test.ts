import { describe, expect, it } from "vitest";
import { createEngine } from "../create-engine.js";
import { EngineError } from "../engine.js";

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: default}
spec: {size: 3}
`;

function engineWithWidget() {
  const e = createEngine({ profile: "kubeadm", nodes: 1 }, { seed: 1 });
  const { applied } = e.apply([{ path: "widget.yaml", text: CRD, line: 1, column: 0 }]);
  return { e, applied };
}

describe("objects of CRD-defined kinds", () => {
  it("every admitted object can be read back, by kind or plural, as kubectl would", () => {
    const { e, applied } = engineWithWidget();
    expect(applied.map((k) => k.kind)).toEqual(["CustomResourceDefinition", "Widget"]);
    for (const key of applied) expect(e.get(key)).toBeDefined();
    const got = e.get({ kind: "widgets", namespace: "default", name: "w1" });
    expect(got).toMatchObject({ apiVersion: "example.com/v1", kind: "Widget", spec: { size: 3 } });
  });

  it("can be deleted, and is then not found", () => {
    const { e } = engineWithWidget();
    e.delete({ kind: "Widget", namespace: "default", name: "w1" });
    expect(e.get({ kind: "Widget", namespace: "default", name: "w1" })).toBeUndefined();
    expect(() => e.delete({ kind: "Widget", namespace: "default", name: "w1" })).toThrow(
      'widgets "w1" not found',
    );
  });

  it("a kind no CRD defines is still an unknown kind", () => {
    const { e } = engineWithWidget();
    const get = () => e.get({ kind: "Gadget", namespace: "default", name: "g" });
    expect(get).toThrow(EngineError);
    expect(get).toThrow('unknown kind "Gadget"');
  });

  it("once its CRD is deleted, the kind is unknown again", () => {
    const { e } = engineWithWidget();
    e.delete({ kind: "CustomResourceDefinition", name: "widgets.example.com" });
    expect(() => e.get({ kind: "Widget", namespace: "default", name: "w1" })).toThrow(
      'unknown kind "Widget"',
    );
  });
});
