import { execa } from "execa";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanJournal, mountsUnder } from "./cleanup.js";
import { Journal, processStartTime, readJournal } from "./journal.js";

describe("the run journal", () => {
  it("reads what was appended, ignoring a line a crash cut short", () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-journal-"));
    const j = new Journal(`${dir}/journal.jsonl`);
    j.record({ kind: "netns", name: "nsx-a-n1" });
    j.record({ kind: "path", path: `${dir}/x` });
    writeFileSync(j.path, `${readFileSync(j.path, "utf8")}{"kind":"proc`);
    expect(readJournal(j.path)).toEqual([
      { kind: "netns", name: "nsx-a-n1" },
      { kind: "path", path: `${dir}/x` },
    ]);
  });

  it("cleanJournal ends recorded processes (by pid and start time) and paths, newest first, and is idempotent", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-journal-"));
    const j = new Journal(`${dir}/journal.jsonl`);
    mkdirSync(`${dir}/state/sub`, { recursive: true });
    j.record({ kind: "path", path: `${dir}/state` });
    const child = execa("sleep", ["60"], { reject: false });
    j.record({
      kind: "process",
      name: "sleeper",
      pid: child.pid!,
      startTime: processStartTime(child.pid!)!,
      log: "",
    });
    // A pid whose start time differs is someone else's process: never signalled.
    j.record({ kind: "process", name: "reused", pid: process.pid, startTime: "1", log: "" });
    expect(await cleanJournal(j.path)).toEqual([]);
    expect((await child).signal).toBe("SIGTERM");
    expect(existsSync(`${dir}/state`)).toBe(false);
    expect(await cleanJournal(j.path)).toEqual([]);
    expect(readJournal(j.path).filter((e) => e.kind === "cleaned")).toHaveLength(2);
  });

  it("finds mount points below a path in mountinfo, deepest first, with octal escapes decoded", () => {
    const info = [
      "22 1 8:1 / / rw - ext4 /dev/vda rw",
      "90 22 0:50 / /w/nodes/node-1/kubelet/root/pods/u/volumes/kubernetes.io~projected/kube-api-access rw - tmpfs tmpfs rw",
      "91 22 0:51 / /w/nodes/node-1/containerd/state/run\\040x/rootfs rw - overlay overlay rw",
      "92 22 0:52 / /w2/other rw - tmpfs tmpfs rw",
    ].join("\n");
    expect(mountsUnder("/w/", info)).toEqual([
      "/w/nodes/node-1/kubelet/root/pods/u/volumes/kubernetes.io~projected/kube-api-access",
      "/w/nodes/node-1/containerd/state/run x/rootfs",
    ]);
  });
});
