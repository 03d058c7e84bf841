import { describe, expect, it } from "vitest";
import type { CommandResult } from "../commands.js";
import { Kubectl } from "../kubectl.js";
import { observeApply } from "./apply.js";
import type { KubeProbeEnv } from "./context.js";

const ctx = { log: () => undefined, signal: new AbortController().signal } as never;

function env(result: CommandResult, sent: string[]): KubeProbeEnv {
  return {
    kubectl: new Kubectl({ run: async () => result } as never),
    resolve: async () => [],
    probePod: async () => ({ namespace: "d", name: "p" }),
    admit: async (text) => {
      sent.push(text);
      return result;
    },
  };
}

const probe = (texts: string[]) =>
  ({
    kind: "apply",
    source: { kind: "dir", path: "m", manifests: [] },
    manifests: texts.map((text) => ({ path: "m.yaml", text, line: 1, column: 1 })),
  }) as never;

describe("expect apply on a real cluster", () => {
  it("is accepted when kubectl applies every document, with the documents sent as one stream", async () => {
    const sent: string[] = [];
    const obs = await observeApply(
      env({ code: 0, stdout: "service/web created\n", stderr: "" }, sent),
      probe(["a: 1", "b: 2"]),
      ctx,
    );
    expect(obs).toEqual({ kind: "apply", accepted: true, message: "" });
    expect(sent).toEqual(["a: 1\n---\nb: 2"]);
  });

  it("is rejected with the API server's message as kubectl prints it", async () => {
    const stderr =
      'The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n';
    const obs = await observeApply(env({ code: 1, stdout: "", stderr }, []), probe(["x"]), ctx);
    expect(obs).toEqual({ kind: "apply", accepted: false, message: stderr.trim() });
  });
});
