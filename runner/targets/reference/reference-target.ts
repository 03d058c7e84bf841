/**
 * The reference target: the runner's one door into the built-in engine (DESIGN.md rule 3). It maps
 * Plan steps onto the engine facade and engine results onto the observation shapes every target
 * shares, so matchers and the parity table never see engine types.
 *
 * Each case starts from a fresh engine built from the suite's cluster block and the run's seed, which
 * is what makes results deterministic and cases independent.
 */
import { createEngine, EngineError, FAULT_NAMES, type Engine } from "../../../engine/index.js";
import type { FaultArg, ManifestText, ObjectRef, PatchOp, Value } from "../../../dsl/index.js";
import {
  TargetError,
  type Capabilities,
  type Observers,
  type SuiteSetup,
  type Target,
  type TargetContext,
} from "../target.js";
import { clusterSpec } from "./admission.js";
import { observeApply, observeCoredns, observeEndpoints, observeObject } from "./observe-api.js";
import { observeConnect, observeReach } from "./observe-datapath.js";
import { observeDns, observeResolve } from "./observe-dns.js";
import { observeHosts, observeResolvConf } from "./observe-pod-files.js";
import { engineAddresses, objectKey, resolveValue } from "./values.js";
import type { AddressOwner } from "../../observation.js";

export function createReferenceTarget(): ReferenceTarget {
  return new ReferenceTarget();
}

export class ReferenceTarget implements Target {
  readonly name = "reference";
  readonly params: Record<string, string> = {};
  private engine: Engine | undefined;

  capabilities(): Capabilities {
    return {
      faults: Object.fromEntries(FAULT_NAMES.map((n) => [n, true as const])),
      reasons: true,
      virtualTime: true,
    };
  }

  async prepare(setup: SuiteSetup, _ctx: TargetContext): Promise<void> {
    // Validate the cluster block once per suite so a bad Corefile is reported before any case runs.
    this.engine = this.build(setup, 1);
  }

  async reset(setup: SuiteSetup, ctx: TargetContext): Promise<void> {
    this.engine = this.build(setup, ctx.seed);
  }

  async apply(manifests: ManifestText[], _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().apply(manifests));
  }

  async delete(ref: ObjectRef, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().delete(objectKey(ref)));
  }

  async label(
    ref: ObjectRef,
    change: { annotate: boolean; podTemplate: boolean; set: Record<string, string>; remove: string[] },
    _ctx: TargetContext,
  ): Promise<void> {
    this.guard(() => this.current().label(objectKey(ref), change));
  }

  async patch(ref: ObjectRef, ops: PatchOp[], _ctx: TargetContext): Promise<void> {
    this.guard(() =>
      this.current().patch(
        objectKey(ref),
        ops.map((op) =>
          op.op === "set"
            ? { op: "set" as const, path: op.path, value: op.value }
            : op.op === "remove"
              ? { op: "remove" as const, path: op.path }
              : { op: "merge" as const, patch: op.patch },
        ),
      ),
    );
  }

  async scale(ref: ObjectRef, replicas: number, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().scale(objectKey(ref), replicas));
  }

  async fault(name: string, args: FaultArg[], _ctx: TargetContext): Promise<void> {
    this.guard(() =>
      this.current().fault(
        name,
        args.map((a) => ({ key: a.key, value: a.value })),
      ),
    );
  }

  async heal(name: string, _ctx: TargetContext): Promise<void> {
    this.guard(() => this.current().heal(name));
  }

  async wait(ms: number, _ctx: TargetContext): Promise<void> {
    // Virtual time: controllers, reload delays and TTLs move on without sleeping.
    this.current().advance(ms);
  }

  async resolve(value: Value, _ctx: TargetContext): Promise<string[]> {
    return this.guard(() => resolveValue(this.current(), value));
  }

  /** Each probe kind read from the current case's engine, engine errors made target errors. */
  readonly observers: Observers = {
    dns: async (p) => this.guard(() => observeDns(this.current(), p)),
    resolve: async (p) => this.guard(() => observeResolve(this.current(), p)),
    "resolv-conf": async (p) => this.guard(() => observeResolvConf(this.current(), p)),
    hosts: async (p) => this.guard(() => observeHosts(this.current(), p)),
    endpoints: async (p) => this.guard(() => observeEndpoints(this.current(), p)),
    connect: async (p) => this.guard(() => observeConnect(this.current(), p)),
    path: async (p) => this.guard(() => observeConnect(this.current(), p)),
    reach: async (p) => this.guard(() => observeReach(this.current(), p)),
    object: async (p) => this.guard(() => observeObject(this.current(), p)),
    coredns: async () => this.guard(() => observeCoredns(this.current())),
    apply: async (p) => this.guard(() => observeApply(this.current(), p)),
  };

  async dispose(_ctx: TargetContext): Promise<void> {
    this.engine = undefined;
  }

  async addresses(_ctx: TargetContext): Promise<AddressOwner[]> {
    return engineAddresses(this.current());
  }

  private build(setup: SuiteSetup, seed: number): Engine {
    const spec = clusterSpec(setup.cluster);
    const upstream = setup.upstream.map((u) => ({
      name: u.name,
      type: u.type,
      data: u.data,
      ttl: u.ttl,
      rcode: u.rcode,
      ...(u.server !== undefined ? { server: u.server } : {}),
    }));
    return this.guard(() => createEngine(spec, { seed, upstream }));
  }

  private current(): Engine {
    if (!this.engine) throw new TargetError("reference target used before reset()", "internal");
    return this.engine;
  }

  /** Engine errors the user caused become user-facing target errors with their location. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof EngineError) {
        const kind = error.code.endsWith("/unsupported") ? "unsupported" : "user";
        const location = error.location
          ? { file: error.location.path, line: error.location.line, column: error.location.column }
          : undefined;
        throw new TargetError(error.message, kind, location, error.fieldPath, error.code);
      }
      throw error;
    }
  }
}
