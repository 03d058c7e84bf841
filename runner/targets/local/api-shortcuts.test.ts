import { describe, expect, it } from "vitest";
import type { TargetContext } from "../target.js";
import { ApiError } from "./api.js";
import { apiShortcuts, shortcut } from "./api-shortcuts.js";

const ctx = {} as TargetContext;
const access = () => ({ kubeconfig: "/c/kubeconfig", server: "https://127.0.0.1:1", token: "t" });
const notFound = async (): Promise<never> => {
  throw new ApiError("GET x: 404: not found", 404);
};
const fake = (
  get: (path: string) => Promise<unknown>,
  del: (path: string) => Promise<unknown> = async () => ({}),
) => apiShortcuts(access, () => ({ get: get as <T>(p: string) => Promise<T>, delete: del }));
const words = (line: string) => line.split(" ");

describe("apiShortcuts: kubectl calls the local API server answers without kubectl", () => {
  it("takes exactly the pod reads and the namespace delete of a case; anything else is kubectl's", () => {
    expect(shortcut(words("get pods -n netspec-1-2-hs -o json"))?.what).toBe(
      "GET /api/v1/namespaces/netspec-1-2-hs/pods",
    );
    expect(shortcut(words("get pod web-0 -n t -o json"))?.what).toBe("GET /api/v1/namespaces/t/pods/web-0");
    expect(shortcut(words("delete namespace t --wait=false --ignore-not-found"))?.what).toBe(
      "DELETE /api/v1/namespaces/t",
    );
    for (const other of [
      "get pods -n t -l app=web -o json",
      "get pods,services -n t -o json",
      "get pod ../x -n t -o json",
      "get pod a -n t -o jsonpath={.status.podIP}",
      "delete namespace t --wait=true",
      "apply -f -",
    ])
      expect(shortcut(words(other)), other).toBeUndefined();
  });

  it("a pod list comes back as kubectl prints it: a List whose items carry apiVersion and kind", async () => {
    const run = fake(async () => ({
      kind: "PodList",
      apiVersion: "v1",
      items: [{ metadata: { name: "a" } }],
    }));
    const r = await run(words("get pods -n t -o json"), ctx, "/c/kubeconfig");
    expect(r).toMatchObject({ code: 0, stderr: "", what: "GET /api/v1/namespaces/t/pods" });
    expect(JSON.parse(r!.stdout)).toEqual({
      apiVersion: "v1",
      kind: "List",
      metadata: { resourceVersion: "" },
      items: [{ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } }],
    });
  });

  it("a missing pod exits 1 with kubectl's NotFound; a missing namespace deletes quietly", async () => {
    const run = fake(notFound, async () => undefined);
    expect(await run(words("get pod a -n t -o json"), ctx, "/c/kubeconfig")).toEqual({
      code: 1,
      stdout: "",
      stderr: 'Error from server (NotFound): pods "a" not found\n',
      what: "GET /api/v1/namespaces/t/pods/a",
    });
    expect(
      await run(words("delete namespace t --wait=false --ignore-not-found"), ctx, "/c/kubeconfig"),
    ).toEqual({
      code: 0,
      stdout: "",
      stderr: "",
      what: "DELETE /api/v1/namespaces/t",
    });
    const present = fake(notFound);
    expect(
      (await present(words("delete namespace t --wait=false --ignore-not-found"), ctx, "/c/kubeconfig"))
        ?.stdout,
    ).toBe('namespace "t" deleted\n');
  });

  it("a server that fails is a failed call; another cluster, or none, is kubectl's", async () => {
    const broken = fake(async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:1");
    });
    expect(await broken(words("get pods -n t -o json"), ctx, "/c/kubeconfig")).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(await broken(words("get pods -n t -o json"), ctx, "/other/kubeconfig")).toBeUndefined();
    expect(
      await apiShortcuts(() => undefined)(words("get pods -n t -o json"), ctx, "/c/kubeconfig"),
    ).toBeUndefined();
  });
});
