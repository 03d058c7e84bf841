/**
 * `netspec run --watch`: after the run, watch the folders of every file the specs depend on (the
 * specs, their imports, the manifests and Corefiles they read) and, when files change (debounced),
 * re-run the spec files that depend on them, until Ctrl-C.
 */
import { watch, type FSWatcher } from "node:fs";
import { dirname, resolve as resolvePath } from "node:path";
import type { Plan } from "../dsl/index.js";
import type { CliIo } from "./cli-io.js";

export type Dependencies = Map<string, Set<string>>;

/**
 * Every file a spec depends on: itself, the spec files of the load (its imports among them), and the
 * manifest and Corefile files it reads itself.
 */
export function dependencies(
  plan: Plan,
  sources: ReadonlyMap<string, string>,
  files: string[],
): Dependencies {
  const specs = [...sources.keys()].filter((p) => p.endsWith(".netspec"));
  const deps = new Map<string, Set<string>>();
  for (const file of files) deps.set(file, new Set([file, ...specs]));
  for (const f of plan.files) {
    const set = deps.get(f.file) ?? new Set<string>([f.file]);
    for (const suite of f.suites) {
      if (suite.cluster.corefile && suite.cluster.corefile.path !== f.file)
        set.add(suite.cluster.corefile.path);
      for (const step of [...suite.setup, ...suite.cases.flatMap((c) => c.steps)])
        if (step.type === "apply" && step.source.kind !== "inline") {
          set.add(step.source.path);
          for (const m of step.source.manifests) set.add(m.path);
        }
    }
    deps.set(f.file, set);
  }
  return deps;
}

export async function watchAndRerun(
  io: CliIo,
  files: string[],
  initial: Dependencies,
  runFiles: (specs: string[]) => Promise<{ deps: Dependencies }>,
): Promise<void> {
  const deps = new Map(initial);
  const watchers = new Map<string, FSWatcher>();
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const rerun = () => {
    const touched = changed;
    changed = new Set();
    const affected = files.filter((f) =>
      [...(deps.get(f) ?? [f])].some((p) => touched.has(resolvePath(io.cwd, p))),
    );
    if (affected.length === 0) return;
    running = running.then(async () => {
      io.stderr.write(`netspec: ${affected.length} file(s) changed; running again\n`);
      const next = await runFiles(affected);
      for (const [k, v] of next.deps) deps.set(k, v);
      rewatch();
    });
  };
  const rewatch = () => {
    const dirs = new Set(
      [...deps.values()].flatMap((s) => [...s].map((p) => dirname(resolvePath(io.cwd, p)))),
    );
    for (const d of dirs)
      if (!watchers.has(d))
        watchers.set(
          d,
          watch(d, (_event, name) => {
            if (!name) return;
            changed.add(resolvePath(d, name.toString()));
            clearTimeout(timer);
            timer = setTimeout(rerun, 200);
          }),
        );
  };
  rewatch();
  io.stderr.write("netspec: watching for changes (Ctrl-C to stop)\n");
  await io.interrupted;
  clearTimeout(timer);
  for (const w of watchers.values()) w.close();
  await running;
}
