import { describe, it, expect } from "vitest";
import type { DnsMessage } from "../../message.js";
import type { DnsResult, Plugin } from "../../plugin.js";
import { directive, request, serverBlock, testEnv } from "../testing/index.js";
import { forwardPlugin } from "../forward/index.js";
import { loopPlugin } from "./index.js";

// A two-plugin chain (loop, forward) whose selfQuery re-enters the chain, like CoreDNS forwarding to itself.
function chain(forwardTo: string, zone = ".") {
  const box: { plugins: Plugin[] } = { plugins: [] };
  const run = (msg: DnsMessage): DnsResult => {
    const q = msg.question[0]!;
    const req = { ...request(q.name, q.type), msg, clientIp: "127.0.0.1", clientPort: 41234 };
    const at = (i: number): DnsResult =>
      i < box.plugins.length
        ? box.plugins[i]!.serve(req, () => at(i + 1))
        : { kind: "error", rcode: "SERVFAIL", by: "end" };
    return at(0);
  };
  const env = testEnv({ selfQuery: run, upstream: [{ name: "example.com", type: "A", data: "1.2.3.4" }] });
  const block = serverBlock([zone], 53);
  box.plugins = [
    loopPlugin.setup(directive("loop"), block, env),
    forwardPlugin.setup(directive(`forward . ${forwardTo}`), block, env),
  ];
  return { loop: box.plugins[0] as ReturnType<typeof loopPlugin.setup>, env };
}

describe("loop", () => {
  it("forward to 127.0.0.1:53 → fatal at startup with CoreDNS's message", () => {
    const { loop, env } = chain("127.0.0.1");
    const r = loop.startup();
    expect(r.fatal).toMatch(
      /^\[FATAL\] plugin\/loop: Loop \(127\.0\.0\.1:41234 -> :53\) detected for zone "\.", see https:\/\/coredns\.io\/plugins\/loop#troubleshooting\. Query: "HINFO \d+\.\d+\."$/,
    );
    expect(env.logs).toEqual([r.fatal]);
  });

  it("forward to a real upstream → no loop, and the plugin disables itself", () => {
    const { loop } = chain("8.8.8.8");
    expect(loop.startup()).toEqual({});
    expect(loop.probeName).toMatch(/^\d+\.\d+\.$/);
  });

  it("a zone with an empty label gives a probe name that cannot be packed: nothing is sent, no loop", () => {
    let sent = 0;
    const { loop, env } = chain("127.0.0.1", ".3.");
    const original = env.selfQuery;
    env.selfQuery = (m, from) => (sent++, original(m, from));
    expect(loop.startup()).toEqual({});
    expect(sent).toBe(0);
    expect(env.logs).toEqual([]);
  });
});
