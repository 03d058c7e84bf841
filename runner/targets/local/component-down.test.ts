import { describe, expect, it } from "vitest";
import { TargetError } from "../target.js";
import { namingDown, type DownComponent } from "./component-down.js";

const apiserver: DownComponent = {
  name: "kube-apiserver",
  how: "exited with SIGKILL",
  tail: "I1202 serving",
};
const refused = new Error("The connection to the server 127.0.0.1:6443 was refused\nmore");

describe("a failure while a component of the local cluster is down names the component", () => {
  it("a component that dies during the call: the failure is renamed after it, its log's tail as detail", async () => {
    const down: DownComponent[] = [];
    const op = () => {
      down.push(apiserver);
      return Promise.reject(refused);
    };
    const e = await namingDown(op, () => down).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TargetError);
    expect((e as TargetError).message).toBe(
      "the local cluster lost a component: kube-apiserver exited with SIGKILL (then: The connection to the server 127.0.0.1:6443 was refused)",
    );
    expect((e as TargetError).code).toBe("target/component-down");
    expect((e as TargetError).detail).toContain("I1202 serving");
  });

  it("one already down: the call is not made at all (kubectl would wait out the API server)", async () => {
    let called = false;
    const op = () => ((called = true), Promise.resolve(1));
    await expect(namingDown(op, () => [apiserver])).rejects.toThrow(
      /^the local cluster lost a component: kube-apiserver exited with SIGKILL$/,
    );
    expect(called).toBe(false);
  });

  it("leaves failures alone while everything runs, and skips stay skips", async () => {
    await expect(
      namingDown(
        () => Promise.reject(refused),
        () => [],
      ),
    ).rejects.toThrow(/^The connection/);
    const down: DownComponent[] = [];
    const skip = () => {
      down.push(apiserver);
      return Promise.reject(new TargetError("not here", "unsupported"));
    };
    await expect(namingDown(skip, () => down)).rejects.toThrow(/^not here$/);
    await expect(
      namingDown(
        () => Promise.resolve(3),
        () => [],
      ),
    ).resolves.toBe(3);
  });

  it("a call still waiting when a component dies is stopped at once (etcd: the API server would wait 60 s)", async () => {
    const down: DownComponent[] = [];
    const etcd: DownComponent = { name: "etcd", how: "exited with SIGKILL", tail: "" };
    // Like kubectl through execa's cancelSignal: it ends only when its signal is aborted.
    const hanging = (signal: AbortSignal) =>
      new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("kubectl: context canceled"))),
      );
    setTimeout(() => down.push(etcd), 30);
    const started = Date.now();
    await expect(namingDown(hanging, () => down, undefined, 10)).rejects.toThrow(
      "the local cluster lost a component: etcd exited with SIGKILL (then: kubectl: context canceled)",
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the run's own abort (Ctrl-C) reaches the call through the signal it is given", async () => {
    const parent = new AbortController();
    let seen: AbortSignal | undefined;
    const op = (signal: AbortSignal) => {
      seen = signal;
      return new Promise<never>((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("aborted"))),
      );
    };
    const p = namingDown(op, () => [], parent.signal);
    parent.abort();
    await expect(p).rejects.toThrow(/^aborted$/);
    expect(seen?.aborted).toBe(true);
  });
});
