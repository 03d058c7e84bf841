import { describe, expect, it } from "vitest";
import { testRuntime, yaml } from "../../testing.js";
import { ClusterError } from "../../cluster-error.js";

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ClusterError) return e.message;
    throw e;
  }
  throw new Error("expected a refusal");
}

const anp = (spec: string, name = "p") =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const banp = (spec: string, name = "default") =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const SUBJECT = "  subject: {namespaces: {}}\n";

describe("AdminNetworkPolicy admission as apiextensions validates the v0.1.7 CRD", () => {
  it("admits a policy, defaults port protocols to TCP and models it", () => {
    const rt = testRuntime();
    rt.apply(
      yaml(
        anp(
          `  priority: 10\n${SUBJECT}  ingress:\n  - {name: r, action: Deny, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}, {portRange: {start: 1, end: 9}}]}`,
        ),
      ),
    );
    const p = [...rt.store.adminNetworkPolicies()][0]!;
    expect(p.spec.priority).toBe(10);
    expect(p.spec.ingress[0]!.ports).toEqual([
      { portNumber: { protocol: "TCP", port: 80 } },
      { portRange: { protocol: "TCP", start: 1, end: 9 } },
    ]);
  });

  it("priority is 0–1000, in apiextensions' words", () => {
    const rt = testRuntime();
    expect(refusal(() => rt.apply(yaml(anp(`  priority: 1001\n${SUBJECT}`))))).toBe(
      'manifests/x.yaml:5: AdminNetworkPolicy.policy.networking.k8s.io "p" is invalid: spec.priority: Invalid value: 1001: spec.priority in body should be less than or equal to 1000',
    );
    expect(refusal(() => rt.apply(yaml(anp(`  priority: -1\n${SUBJECT}`))))).toContain(
      "spec.priority: Invalid value: -1: spec.priority in body should be greater than or equal to 0",
    );
    expect(refusal(() => rt.apply(yaml(anp(SUBJECT))))).toContain("spec.priority: Required value");
  });

  it("subject, peers and ports take exactly one field", () => {
    const rt = testRuntime();
    expect(
      refusal(() =>
        rt.apply(
          yaml(
            anp("  priority: 1\n  subject: {namespaces: {}, pods: {namespaceSelector: {}, podSelector: {}}}"),
          ),
        ),
      ),
    ).toContain("spec.subject: Too many: 2: must have at most 1 items");
    expect(
      refusal(() =>
        rt.apply(yaml(anp(`  priority: 1\n${SUBJECT}  egress: [{action: Allow, to: [{}], ports: [{}]}]`))),
      ),
    ).toContain(
      "[spec.egress[0].to[0]: Invalid value: 0: spec.egress[0].to[0] in body should have at least 1 properties, spec.egress[0].ports[0]: Invalid value: 0: spec.egress[0].ports[0] in body should have at least 1 properties]",
    );
  });

  it("actions, rule names and rule counts are bounded", () => {
    const rt = testRuntime();
    expect(
      refusal(() =>
        rt.apply(
          yaml(anp(`  priority: 1\n${SUBJECT}  ingress: [{action: Reject, from: [{namespaces: {}}]}]`)),
        ),
      ),
    ).toContain(
      'spec.ingress[0].action: Unsupported value: "Reject": supported values: "Allow", "Deny", "Pass"',
    );
    expect(
      refusal(() =>
        rt.apply(
          yaml(
            anp(
              `  priority: 1\n${SUBJECT}  ingress: [{name: ${"n".repeat(101)}, action: Pass, from: [{namespaces: {}}]}]`,
            ),
          ),
        ),
      ),
    ).toContain("spec.ingress[0].name: Too long: may not be longer than 100");
    const many = Array.from({ length: 101 }, () => "{action: Allow, to: [{namespaces: {}}]}").join(", ");
    expect(refusal(() => rt.apply(yaml(anp(`  priority: 1\n${SUBJECT}  egress: [${many}]`))))).toContain(
      "spec.egress: Too many: 101: must have at most 100 items",
    );
  });

  it("runs the CRD's CEL rules: CIDRs, namedPort with networks/nodes; blocked by schema errors", () => {
    const rt = testRuntime();
    expect(
      refusal(() =>
        rt.apply(
          yaml(anp(`  priority: 1\n${SUBJECT}  egress: [{action: Deny, to: [{networks: [10.0.0.0/33]}]}]`)),
        ),
      ),
    ).toContain('spec.egress[0].to[0].networks[0]: Invalid value: "string": Invalid CIDR format provided');
    expect(
      refusal(() =>
        rt.apply(
          yaml(
            anp(
              `  priority: 1\n${SUBJECT}  egress: [{action: Deny, to: [{nodes: {}}], ports: [{namedPort: http}]}]`,
            ),
          ),
        ),
      ),
    ).toContain(
      'spec.egress[0]: Invalid value: "object": networks/nodes/domainNames peer cannot be set with namedPorts',
    );
    expect(
      refusal(() => rt.apply(yaml(anp(`  priority: 1\n  egress: [{action: Deny, to: [{networks: [x]}]}]`)))),
    ).toBe(
      'manifests/x.yaml:4: AdminNetworkPolicy.policy.networking.k8s.io "p" is invalid: [spec.subject: Required value, <nil>: Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });

  it("BaselineAdminNetworkPolicy must be named default and has no Pass", () => {
    const rt = testRuntime();
    expect(refusal(() => rt.apply(yaml(banp(SUBJECT, "other"))))).toBe(
      'manifests/x.yaml:1: BaselineAdminNetworkPolicy.policy.networking.k8s.io "other" is invalid: <nil>: Invalid value: "object": Only one baseline admin network policy with metadata.name="default" can be created in the cluster',
    );
    expect(
      refusal(() => rt.apply(yaml(banp(`${SUBJECT}  ingress: [{action: Pass, from: [{namespaces: {}}]}]`)))),
    ).toContain('spec.ingress[0].action: Unsupported value: "Pass": supported values: "Allow", "Deny"');
    rt.apply(yaml(banp(`${SUBJECT}  egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]`)));
    expect(rt.store.baselineAdminNetworkPolicy()!.spec.egress[0]!.peers).toEqual([
      { networks: ["0.0.0.0/0"] },
    ]);
  });

  it("refuses unknown fields (sameLabels left v1alpha1 in v0.1.5) and a wrong version with a hint", () => {
    const rt = testRuntime();
    expect(
      refusal(() =>
        rt.apply(
          yaml(
            anp(
              `  priority: 1\n${SUBJECT}  ingress: [{action: Allow, from: [{namespaces: {sameLabels: [a]}}]}]`,
            ),
          ),
        ),
      ),
    ).toContain('strict decoding error: unknown field "spec.ingress[0].from[0].namespaces.sameLabels"');
    expect(
      refusal(() =>
        rt.apply(
          yaml(anp(SUBJECT).replace("policy.networking.k8s.io/v1alpha1", "policy.networking.k8s.io/v1")),
        ),
      ),
    ).toContain("AdminNetworkPolicy is served as policy.networking.k8s.io/v1alpha1");
  });
});
