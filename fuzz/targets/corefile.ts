/**
 * The Corefile: every input parses to server blocks or is refused with a CorefileError whose line is
 * inside the text (engine/dns/corefile, CoreDNS's caddyfile lexer and parser). What parses is then set
 * up the way `netspec serve --bare --corefile` does (plugin setup and option parsing, plugin.cfg
 * order, startup hooks) and asked one query: it runs, or fails with an EngineError `corefile/invalid`
 * located on one of its lines; never another exception.
 */
import { readFileSync } from "node:fs";
import { createEngine, encodeMessage, EngineError, makeQuery } from "../../engine/index.js";
// The parser itself is not part of the engine facade; engine/dns's own index exports it.
import { CorefileError, parseCorefile, PLUGIN_ORDER } from "../../engine/dns/index.js";
import { filesUnder, tripleQuoted } from "../seeds.js";
import { bytes, utf8, Violation, type FuzzTarget } from "../target.js";

const PATH = "Corefile";
const QUERY = encodeMessage(makeQuery({ name: "kubernetes.default.svc.cluster.local", type: "A", id: 7 }));

function checkLine(line: number, text: string, what: string): void {
  const lines = text.split("\n").length;
  if (!(Number.isInteger(line) && line >= 1 && line <= lines))
    throw new Violation(`${what}-line`, `line ${line} of ${lines}`);
}

export const corefileTarget: FuzzTarget = {
  name: "corefile",
  summary: "Corefile parser and plugin setup: parses, or a CorefileError with its line",
  ext: "Corefile",
  maxLen: 2048,
  text: true,
  scope: /\/engine\/dns\/(corefile|plugins|service|order)/,
  seeds: (root) => [
    ...filesUnder(root, ["suites", "test"], (n) => n.endsWith(".Corefile")).map((p) =>
      bytes(readFileSync(p, "utf8")),
    ),
    ...tripleQuoted(root, /^corefile$/).map(bytes),
  ],
  dictionary: [
    ...PLUGIN_ORDER,
    "{\n",
    "}\n",
    ".:53",
    ":5353",
    "cluster.local",
    "in-addr.arpa",
    "fallthrough",
    "{$ENV}",
    // plugin/rewrite's rule words (edns0.go, cname_target.go).
    "rewrite continue edns0 local set 0xffee ",
    "rewrite cname regex ",
    "nsid append revert",
    "subnet set 24 56",
    "{client_ip}",
    "import ",
    "(snip)",
    "\\\n",
    '"',
    "#",
  ],
  create() {
    return {
      run(data) {
        const text = utf8(data);
        try {
          parseCorefile({ path: PATH, text, line: 1, column: 1 });
        } catch (e) {
          if (!(e instanceof CorefileError)) throw e;
          return checkLine(e.line, text, "parse-error");
        }
        try {
          const engine = createEngine(
            { profile: "kubeadm", addons: false, corefile: { path: PATH, text, line: 1, column: 0 } },
            { seed: 3 },
          );
          engine.handleWire(QUERY, { transport: "udp", clientIp: "127.0.0.1", serverIp: "127.0.0.1" });
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          // corefile/unsupported: a plugin CoreDNS has and the engine does not model (grpc, etcd…),
          // refused with its line so the reference skips the suite and real targets run it.
          if (e.code !== "corefile/invalid" && e.code !== "corefile/unsupported")
            throw new Violation("setup-error-code", e.code);
          checkLine(e.location?.line ?? NaN, text, "setup-error");
        }
      },
    };
  },
};
