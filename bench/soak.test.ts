/**
 * The soak of `netspec serve`, bounded for CI: 40,000 mixed UDP packets (at most 25 s) while idle,
 * slow and broken TCP clients and a flood of 1,050 connections (50 over the bound) come and go.
 * The server must answer every valid query in every tenth of the run, close idle and trickling
 * connections at its 3 s read deadline, refuse connections past its bound, keep its RSS flat, and
 * exit cleanly on SIGINT. `npm run soak` is the 1,000,000-packet version.
 */
import { describe, expect, it } from "vitest";
import { runSoak } from "./soak.js";
import { formatSoak, soakProblems } from "./soak-cli.js";

describe("soak of netspec serve (bounded)", () => {
  it(
    "answers valid queries throughout, bounds TCP, stays flat and stops cleanly",
    { timeout: 90_000, retry: 1 },
    async () => {
      const r = await runSoak({
        packets: 40_000,
        timeMs: 25_000,
        flood: 1_050,
        floodAtMs: 2_000,
        lingerers: 10,
        // 40,000 packets take about 3 s on an idle machine: past the flood (2 s + 2 s held) and the
        // 3 s deadline of the clients opened at 1.5 s and 3 s.
        minMs: 8_000,
      });
      console.log(formatSoak(r));
      // In the whole suite the server shares 2 cores with every other test file: its timers fire up
      // to a few seconds late (closes seen at 6.2 s once), hence 10 s of slack here, and one retry
      // (the flood's excess is refused only when the server gets to accept it within the 2 s hold).
      expect(soakProblems(r, { lateCloseMs: 10_000 })).toEqual([]);
      expect(r.packets.sent).toBe(40_000);
      // miekg/dns's 3 s read deadline (CoreDNS NewServer ReadTimeout) closes idle and trickling clients;
      // the ones closed at once met the connection bound during the flood.
      const atDeadline = [...r.tcp.idleClosedMs, ...r.tcp.slowClosedMs].filter((ms) => ms > 2_500);
      expect(atDeadline.length).toBeGreaterThan(5);
      expect(r.tcp.floodRefused).toBeGreaterThan(0);
      expect(r.tcp.probesAnswered).toBeGreaterThan(0);
    },
  );
});
