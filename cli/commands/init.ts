/**
 * `netspec init [DIR]`: a suite folder to start from (default `suites/`, what `netspec run` takes
 * without paths): a commented example spec that passes on the reference engine, a README, and a
 * `netspec.config.yaml` naming the folder when the project has none. Existing files are never
 * overwritten.
 */
import type { Command } from "commander";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { CliIo } from "../cli-io.js";
import { CONFIG_FILES } from "../config.js";
import { UsageError } from "../usage-error.js";

const config = (dir: string) => `# netspec's defaults for this project; flags on the command line win.
# What \`netspec run\`, \`check\`, \`list\` and \`fmt\` take when given no paths:
paths: [${JSON.stringify(dir)}]
# Targets to run on when no --target is given (reference: the built-in engine, no cluster needed):
targets: [reference]
# Reporters when no --reporter is given, e.g. [console, "junit:reports/netspec.xml"]:
reporters: [console]
# Values of \${NAME} in specs and inline manifests (--var NAME=VALUE overrides):
# variables:
#   NAMESPACE: default
`;

const EXAMPLE = `# An example netspec suite: edit it, then \`npx netspec run ${"<dir>"}\`.
# Language reference: docs/language.md in the netspec repository.
suite "my service's DNS" {
  tags dns
  # The cluster the reference engine models: kubeadm, kind or openshift defaults.
  cluster kind { nodes 2 }

  # Manifests applied before every test (inline YAML, or \`apply file "app.yaml"\`).
  apply """
    apiVersion: v1
    kind: Pod
    metadata: { name: web-0, labels: { app: web } }
    spec: { containers: [{ name: web, image: nginx, ports: [{ name: http, containerPort: 80 }] }] }
    ---
    apiVersion: v1
    kind: Pod
    metadata: { name: client }
    spec: { containers: [{ name: c, image: debian }] }
    ---
    apiVersion: v1
    kind: Service
    metadata: { name: web }
    spec: { selector: { app: web }, ports: [{ name: http, port: 80, targetPort: http }] }
  """

  test "the service name answers its cluster IP" {
    expect dns A web.default.svc.cluster.local {
      rcode NOERROR
      answer == cluster-ip(service default/web)
    }
  }

  test "a short name resolves on the first search domain" {
    expect resolve "web" from pod default/client {
      tries [A "web.default.svc.cluster.local." NOERROR]
    }
  }

  test "a connection to the service lands on its pod" {
    expect connect from pod default/client to service default/web port 80/TCP {
      allowed
      lands-on name(pod default/web-0)
    }
  }
}
`;

export function register(program: Command, io: CliIo): void {
  program
    .command("init")
    .description("create a suite folder with a commented example spec")
    .argument("[dir]", "where to create it", "suites")
    .action(async (dir: string) => {
      const root = resolve(io.cwd, dir);
      const shown = relative(io.cwd, root) || ".";
      const files: [string, string][] = [
        ["example.netspec", EXAMPLE.replace("<dir>", shown)],
        [
          "README.md",
          `# ${shown}\n\nnetspec suites for this project. Run them with \`npx netspec run ${shown}\`; check them without running with \`npx netspec check ${shown}\`.\n`,
        ],
      ];
      const existing = files.filter(([f]) => existsSync(join(root, f))).map(([f]) => join(shown, f));
      if (existing.length) throw new UsageError(`not overwriting ${existing.join(", ")}`);
      mkdirSync(root, { recursive: true });
      for (const [f, text] of files) writeFileSync(join(root, f), text);
      const created = files.map(([f]) => join(shown, f));
      if (!CONFIG_FILES.some((f) => existsSync(join(io.cwd, f)))) {
        writeFileSync(join(io.cwd, CONFIG_FILES[0]!), config(shown));
        created.push(CONFIG_FILES[0]!);
      }
      io.stdout.write(`created ${created.join(", ")}\nnext: npx netspec run\n`);
    });
}
