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
