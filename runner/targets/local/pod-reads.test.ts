import { describe, expect, it } from "vitest";
import type { TargetContext } from "../target.js";
import { ApiError } from "./api.js";
import { podPath, podReads } from "./pod-reads.js";

const ctx = {} as TargetContext;
const access = () => ({ server: "https://127.0.0.1:1", token: "t" });

describe("podReads: kubectl get of pods, answered by the API server", () => {
  it("takes exactly `pods -n NS` and `pod NAME -n NS`; anything else is kubectl's", () => {
    expect(podPath(["pods", "-n", "netspec-1-2-hs"])).toBe("/api/v1/namespaces/netspec-1-2-hs/pods");
    expect(podPath(["pod", "web-0", "-n", "t"])).toBe("/api/v1/namespaces/t/pods/web-0");
    expect(podPath(["pods", "-n", "t", "-l", "app=web"])).toBeUndefined();
    expect(podPath(["pods,services", "-n", "t"])).toBeUndefined();
    expect(podPath(["pod", "../x", "-n", "t"])).toBeUndefined();
  });

  it("a list comes back as kubectl prints it: a List whose items carry apiVersion and kind", async () => {
    const read = podReads(access, () => ({
      get: async <T>() => ({ kind: "PodList", apiVersion: "v1", items: [{ metadata: { name: "a" } }] }) as T,
    }));
    expect(await read(["pods", "-n", "t"], ctx)).toEqual({
      found: {
        apiVersion: "v1",
        kind: "List",
        metadata: { resourceVersion: "" },
        items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } }],
      },
      what: "GET /api/v1/namespaces/t/pods → 200",
    });
  });

  it("NotFound is an answer (no object); other errors fail the call; no cluster is kubectl's", async () => {
    const missing = podReads(access, () => ({
      get: async () => {
        throw new ApiError("GET x: 404: not found", 404);
      },
    }));
    expect(await missing(["pod", "a", "-n", "t"], ctx)).toEqual({
      found: undefined,
      what: "GET /api/v1/namespaces/t/pods/a → 404",
    });
    const broken = podReads(access, () => ({
      get: async () => {
        throw new Error("connect ECONNREFUSED 127.0.0.1:1");
      },
    }));
    await expect(broken(["pod", "a", "-n", "t"], ctx)).rejects.toThrow(
      /reading pods from the API server failed: .*ECONNREFUSED/,
    );
    expect(await podReads(() => undefined)(["pods", "-n", "t"], ctx)).toBeUndefined();
  });
});
