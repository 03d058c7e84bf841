/**
 * Undoing a run journal (journal.ts): every entry, newest first, each undo idempotent, so
 * `cleanJournal` serves a clean stop, a failed start, Ctrl-C and the leftovers of a SIGKILLed run
 * alike. Only what the journal names is touched: processes by pid *and* start time, shims by the
 * containerd socket path of this run in their argv, namespaces, cgroups and mounts by their names
 * and paths.
 */
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from "node:fs";
import { Journal, processStartTime, readJournal, type JournalEntry } from "./journal.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sh(argv: string[]): Promise<{ code: number; out: string }> {
  const r = await execa(argv[0]!, argv.slice(1), { reject: false, stdin: "ignore" });
  return { code: r.exitCode ?? 1, out: `${String(r.stdout)}\n${String(r.stderr)}`.trim() };
}

function alive(pid: number, startTime?: string): boolean {
  const t = processStartTime(pid);
  return t !== undefined && (startTime === undefined || t === startTime);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function killProcess(pid: number, startTime: string | undefined, graceMs = 5000): Promise<void> {
  if (!alive(pid, startTime)) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  for (let waited = 0; alive(pid, startTime); waited += 50) {
    if (waited === graceMs) signal("SIGKILL");
    if (waited > graceMs + 5000) throw new Error(`process ${pid} survived SIGKILL`);
    await sleep(50);
  }
}

/** Pids whose argv is `containerd-shim-runc-v2 … -address ADDRESS …`: this run's shims only. */
export function shimsOf(address: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const i = argv.indexOf("-address");
    if (/containerd-shim-runc-v2/.test(argv[0] ?? "") && i >= 0 && argv[i + 1] === address)
      out.push(Number(d));
  }
  return out;
}

/** Mount points at or below `path`, deepest first (from /proc/self/mountinfo, octal escapes decoded). */
export function mountsUnder(
  path: string,
  mountinfo = readFileSync("/proc/self/mountinfo", "utf8"),
): string[] {
  const root = path.replace(/\/+$/, "");
  const points = mountinfo
    .split("\n")
    .map((l) => l.split(" ")[4])
    .filter((p): p is string => !!p)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === root || p.startsWith(`${root}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

async function unmountAll(path: string): Promise<void> {
  for (let pass = 0; pass < 5; pass++) {
    const points = mountsUnder(path);
    if (!points.length) return;
    for (const p of points) await sh(["umount", "-l", p]);
  }
  const left = mountsUnder(path);
  if (left.length) throw new Error(`mounts left under ${path}: ${left.join(", ")}`);
}

/** The directories of cgroup `name` in every mounted hierarchy. */
function cgroupDirs(name: string): string[] {
  const base = "/sys/fs/cgroup";
  const dirs = [`${base}/${name}`];
  try {
    for (const h of readdirSync(base)) dirs.push(`${base}/${h}/${name}`);
  } catch {
    // no cgroup filesystem
  }
  return dirs.filter((d) => existsSync(`${d}/cgroup.procs`));
}

/** Kill every process in `dir` and below, then remove the cgroups bottom-up. */
async function removeCgroup(dir: string): Promise<void> {
  const subdirs: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(`${d}/${e.name}`);
    subdirs.push(d);
  };
  walk(dir);
  for (let attempt = 0; attempt < 50; attempt++) {
    let busy = false;
    for (const d of subdirs) {
      if (!existsSync(d)) continue;
      const pids = readFileSync(`${d}/cgroup.procs`, "utf8").split("\n").filter(Boolean).map(Number);
      for (const pid of pids) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // gone meanwhile
        }
      }
      // rmdir, not rm -r: a cgroup directory's files cannot be unlinked.
      try {
        rmdirSync(d);
      } catch {
        if (existsSync(d)) busy = true;
      }
    }
    if (!busy) return;
    await sleep(100);
  }
  throw new Error(`cgroup ${dir} could not be removed`);
}

async function deleteNetns(name: string): Promise<void> {
  if (!existsSync(`/run/netns/${name}`)) return;
  // Processes still inside keep the namespace alive after `ip netns delete`: end them first.
  const pids = (await sh(["ip", "netns", "pids", name])).out.split("\n").filter((l) => /^\d+$/.test(l));
  for (const pid of pids) await killProcess(Number(pid), undefined, 2000);
  const r = await sh(["ip", "netns", "delete", name]);
  if (r.code !== 0 && existsSync(`/run/netns/${name}`)) throw new Error(`ip netns delete ${name}: ${r.out}`);
}

/** libcni's result cache for the sandboxes of one containerd (`<network>-<sandbox id>-<ifname>`). */
function removeCniResults(sandboxes: string): void {
  const results = "/var/lib/cni/results";
  if (!existsSync(sandboxes) || !existsSync(results)) return;
  const ids = readdirSync(sandboxes);
  for (const f of readdirSync(results))
    if (ids.some((id) => f.includes(`-${id}-`))) rmSync(`${results}/${f}`, { force: true });
}

/** Undo one entry (no-op when the resource is already gone). */
export async function undo(e: JournalEntry): Promise<void> {
  switch (e.kind) {
    case "process":
      return killProcess(e.pid, e.startTime);
    case "netns":
      return deleteNetns(e.name);
    case "mounts":
      return unmountAll(e.path);
    case "cgroup":
      for (const d of cgroupDirs(e.name)) await removeCgroup(d);
      return;
    case "nft":
      if (existsSync(`/run/netns/${e.netns}`))
        await sh(["nsenter", `--net=/run/netns/${e.netns}`, "nft", "flush", "ruleset"]);
      return;
    case "containerd":
      for (const pid of shimsOf(e.address)) await killProcess(pid, undefined, 1000);
      rmSync(e.runcRoot, { recursive: true, force: true });
      removeCniResults(`${e.root}/io.containerd.grpc.v1.cri/sandboxes`);
      return;
    case "path":
      if (mountsUnder(e.path).length) throw new Error(`not removing ${e.path}: still mounted below`);
      if (existsSync(e.path) && statSync(e.path).isDirectory())
        rmSync(e.path, { recursive: true, force: true });
      else rmSync(e.path, { force: true });
      return;
    case "host-dir":
      for (const f of e.files ?? []) rmSync(`${e.path}/${f}`, { force: true });
      try {
        rmdirSync(e.path);
      } catch {
        // not empty (another run uses it) or already gone
      }
      return;
    default:
      return;
  }
}

/**
 * Remove whatever the journal at `path` lists, newest first; every entry is tried even when one
 * fails. Idempotent: a second call finds nothing left to do. Returns the errors (also appended to
 * the journal as a `cleaned` entry).
 */
export async function cleanJournal(path: string): Promise<string[]> {
  const entries = readJournal(path).filter((e) => e.kind !== "cleaned" && e.kind !== "run");
  const errors: string[] = [];
  for (const e of [...entries].reverse()) {
    try {
      await undo(e);
    } catch (err) {
      errors.push(`${e.kind}: ${(err as Error).message}`);
    }
  }
  if (existsSync(path)) new Journal(path).record({ kind: "cleaned", at: new Date().toISOString(), errors });
  return errors;
}
