/**
 * The reference engine as a standalone CoreDNS for one Corefile (what `netspec serve --bare` runs):
 * a bare cluster, the Corefile and its zone files, packets in, every reply message out. The
 * differential tester's `--corefiles` mode asks it beside the real binary.
 */
import { createEngine } from "../../../engine/index.js";
import type { UpstreamEntry } from "../../../engine/index.js";

export interface CorefileServer {
  /** The reply messages to one packet (several for a zone transfer, none for a drop). */
  answer(
    packet: Uint8Array,
    meta: {
      transport: "udp" | "tcp";
      clientIp: string;
      clientPort: number;
      serverIp: string;
      serverPort: number;
    },
  ): Uint8Array[];
  /** Why CoreDNS would not run this Corefile (its setup error), when it would not. */
  readonly refused: string | undefined;
}

/**
 * A CoreDNS of the reference engine serving `corefile`, its `file` paths read from `files`, its
 * `forward` upstreams answering from the `upstream` world.
 */
export function referenceCorefileServer(
  corefile: string,
  files: Record<string, string>,
  seed = 1,
  upstream: UpstreamEntry[] = [],
): CorefileServer {
  let refused: string | undefined;
  let engine: ReturnType<typeof createEngine> | undefined;
  try {
    engine = createEngine(
      {
        profile: "kubeadm",
        corefile: { path: "Corefile", text: corefile, line: 1, column: 1 },
        corednsFiles: files,
        addons: false,
      },
      { seed, upstream },
    );
    engine.apply([]);
  } catch (e) {
    refused = (e as Error).message;
  }
  return {
    refused,
    answer(packet, meta) {
      if (!engine) return [];
      try {
        return engine.handleWireMessages(packet, meta);
      } catch (e) {
        refused ??= (e as Error).message;
        return [];
      }
    },
  };
}
