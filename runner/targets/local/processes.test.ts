import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, portFree, Processes, until } from "./processes.js";

describe("the local target's processes", () => {
  it("keeps each process's output in its log, reports an early exit with the log's tail, stops the rest", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-proc-"));
    const p = new Processes(dir);
    p.start("long", ["sh", "-c", "echo started; exec sleep 30"]);
    p.start("short", ["sh", "-c", "echo 'fatal: Loop detected'; exit 1"]);
    await until("short to exit", async () => p.tail("short").includes("Loop"), { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 200));
    expect(() => p.check("short")).toThrow(/short exited with 1:\nfatal: Loop detected/);
    expect(() => p.check("long")).not.toThrow();
    const t0 = Date.now();
    await p.stop();
    expect(Date.now() - t0).toBeLessThan(4000);
    expect(readFileSync(join(dir, "long.log"), "utf8")).toContain("started");
    expect(p.logs()).toEqual([]);
  });

  it("tells onStart about each process (the local cluster journals them) and passes env", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netspec-proc-"));
    const seen: { name: string; pid: number; log: string }[] = [];
    const p = new Processes(dir, (x) => seen.push(x));
    const pid = p.start("env", ["sh", "-c", "echo $NETSPEC_X; exec sleep 30"], {
      env: { NETSPEC_X: "hello" },
    });
    expect(seen).toEqual([{ name: "env", pid, log: join(dir, "env.log") }]);
    await until("output", async () => p.tail("env") === "hello", { timeoutMs: 5000 });
    expect(p.isRunning("env")).toBe(true);
    await p.stop();
    expect(p.isRunning("env")).toBe(false);
  });

  it("until() gives up at its deadline and names what it waited for", async () => {
    await expect(until("a thing", async () => false, { timeoutMs: 250 })).rejects.toThrow(
      "timed out after 0.25s waiting for a thing",
    );
  });

  it("finds free loopback ports", async () => {
    const port = await freePort("127.0.0.1");
    expect(await portFree("127.0.0.1", port)).toBe(true);
  });
});
