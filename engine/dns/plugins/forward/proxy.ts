/**
 * One upstream as forward sees it (plugin/forward/proxy.go, health.go, pkg/up/up.go): an exchange
 * error starts a health-check probe that re-runs every `health_check` interval (default 0.5s) until it
 * succeeds; each failed probe increments `fails`, a successful one resets it; the proxy is Down when
 * fails > max_fails. The model evaluates that lazily on the virtual clock: while the address is still
 * unreachable, fails = 1 + floor((t − firstFailure) / interval); once it answers again, 0.
 */
import type { UpstreamAddr, UpstreamNet } from "./upstream-net.js";

export class Proxy {
  private failingSince: number | undefined;

  constructor(
    readonly addr: UpstreamAddr & { tls: boolean },
    private readonly net: UpstreamNet,
    private readonly healthCheckMs: number,
  ) {}

  /** A `. IN NS` probe would get an answer now (any reply counts; loss/timeouts do not). */
  private reachable(): boolean {
    const f = this.net.faultOf(this.addr);
    return !(f?.kind === "unreachable" || (f?.kind === "slow" && f.delayMs >= 1000));
  }

  fails(t: number): number {
    if (this.failingSince === undefined) return 0;
    if (this.reachable()) {
      this.failingSince = undefined;
      return 0;
    }
    return 1 + Math.floor((t - this.failingSince) / Math.max(this.healthCheckMs, 1));
  }

  /** proxy.Down: fails > maxfails; max_fails 0 disables health checking (never down). */
  down(maxFails: number, t: number): boolean {
    return maxFails !== 0 && this.fails(t) > maxFails;
  }

  /** An exchange failed at time t: kick off the health-check probe (first failure time is kept). */
  healthcheck(t: number): void {
    if (this.failingSince === undefined && !this.reachable()) this.failingSince = t;
  }
}
