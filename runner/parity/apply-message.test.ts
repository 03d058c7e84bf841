import { describe, expect, it } from "vitest";
import { apiMessage } from "./apply-message.js";

describe("an apply refusal in the API server's words", () => {
  const invalid =
    'Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive';

  it("is the same from the reference's located message and from kubectl's framing", () => {
    expect(apiMessage(`suites/k8s-api/admission.netspec:12: ${invalid}`)).toBe(invalid);
    expect(apiMessage(`Error from server (Invalid): error when creating "STDIN": ${invalid}`)).toBe(invalid);
    expect(apiMessage(`The ${invalid}`)).toBe(invalid);
  });

  it("drops kubectl's patch dump when the object existed", () => {
    const patch = `Error from server (Invalid): error when applying patch:\n{"spec":{"ports":[{"port":0}]}}\nto:\nResource: "/v1, Resource=services", GroupVersionKind: "/v1, Kind=Service"\nName: "web", Namespace: "shop"\nfor: "STDIN": ${invalid}`;
    expect(apiMessage(patch)).toBe(invalid);
  });

  it("keeps the REST mapper's words for a kind the server does not serve", () => {
    const kubectl =
      'error: resource mapping not found for name: "w" namespace: "" from "STDIN": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first';
    expect(apiMessage(kubectl)).toBe('no matches for kind "Widget" in version "example.com/v1"');
  });

  it("leaves a message without framing as it is", () => {
    expect(apiMessage('strict decoding error: unknown field "spec.selctor"')).toBe(
      'strict decoding error: unknown field "spec.selctor"',
    );
  });
});

describe("refusals seen on both targets (suites/k8s-api on local)", () => {
  const same = (reference: string, kubectl: string) =>
    expect(apiMessage(reference)).toBe(apiMessage(kubectl));

  it("an Invalid refusal with several causes, from the Status message and from kubectl's list", () => {
    same(
      'v.netspec:71: Service "badport" is invalid: [spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive]',
      'The Service "badport" is invalid: \n* spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive\n* spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
  });

  it("a group-qualified kind, a decoder naming its input, and the reference's hint", () => {
    same(
      'a.netspec:83: NetworkPolicy.networking.k8s.io "range" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'The NetworkPolicy "range" is invalid: spec.ingress[0].ports[0].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    );
    same(
      'a.netspec:52: unable to decode "suites/k8s-api/admission.netspec": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
      'error: unable to decode "STDIN": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    );
    same(
      'a.netspec:38: Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.selctor"\n  help: did you mean "selector"?',
      'Error from server (BadRequest): error when creating "STDIN": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.selctor"',
    );
  });

  it("still tells different refusals apart", () => {
    expect(apiMessage('Service "a" is invalid: spec.ports: Required value')).not.toBe(
      apiMessage('The Service "b" is invalid: spec.ports: Required value'),
    );
  });
});
