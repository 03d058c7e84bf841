import { describe, expect, it } from "vitest";
import { TargetError } from "../target.js";
import { namingDown } from "./component-down.js";

const refused = () =>
  Promise.reject(new Error("The connection to the server 127.0.0.1:6443 was refused\nmore"));

describe("a failure while a component of the local cluster is down names the component", () => {
  it("renames the failure after the dead components, their logs' tails as detail", async () => {
    const down = [{ name: "kube-apiserver", how: "exited with SIGKILL", tail: "I1202 serving" }];
    const e = await namingDown(refused(), () => down).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TargetError);
    expect((e as TargetError).message).toBe(
      "the local cluster lost a component: kube-apiserver exited with SIGKILL (then: The connection to the server 127.0.0.1:6443 was refused)",
    );
    expect((e as TargetError).code).toBe("target/component-down");
    expect((e as TargetError).detail).toContain("I1202 serving");
  });

  it("leaves failures alone while everything runs, and skips stay skips", async () => {
    await expect(namingDown(refused(), () => [])).rejects.toThrow(/^The connection to the server/);
    const skip = Promise.reject(new TargetError("not here", "unsupported"));
    const down = () => [{ name: "etcd", how: "exited with 1", tail: "" }];
    await expect(namingDown(skip, down)).rejects.toThrow(/^not here$/);
    await expect(namingDown(Promise.resolve(3), down)).resolves.toBe(3);
  });
});
