/**
 * What the API server does to one kind of object between decoding and storage, in its order:
 * defaulting (the versioned SetDefaults_* at decode), mutating admission, the registry's BeginCreate
 * hook (Services allocate here), the strategy's PrepareForCreate, Validate (and the generic object
 * meta check), and the update counterparts. Each kind's rules cite the upstream files they mirror.
 */
import type { FieldError } from "../field-errors.js";
import type { JsonObject } from "../json.js";
import type { KubeVersion } from "../version.js";
import type { ServiceAllocation } from "./service-alloc.js";

export interface RulesEnv {
  version: KubeVersion;
  dryRun: boolean;
  /** The Service IP families configured, primary first. */
  families: ("IPv4" | "IPv6")[];
  allocation: ServiceAllocation;
  /** RFC 3339 "now" of the virtual clock (creationTimestamp). */
  now: string;
  /** A stored object (for references between objects). */
  lookup(apiVersionKind: string, namespace: string, name: string): JsonObject | undefined;
}

export interface KindRules {
  defaults?(o: JsonObject, env: RulesEnv): void;
  /** Mutating admission plugins that touch this kind (DefaultTolerationSeconds, Priority, ...). */
  admission?(o: JsonObject, env: RulesEnv, old: JsonObject | undefined): void;
  /** Registry BeginCreate: may throw an ApiError (allocation). */
  beginCreate?(o: JsonObject, env: RulesEnv): void;
  beginUpdate?(o: JsonObject, old: JsonObject, env: RulesEnv): void;
  prepareForCreate?(o: JsonObject, env: RulesEnv): void;
  prepareForUpdate?(o: JsonObject, old: JsonObject, env: RulesEnv): void;
  validate(o: JsonObject, env: RulesEnv): FieldError[];
  validateUpdate?(o: JsonObject, old: JsonObject, env: RulesEnv): FieldError[];
  /** The registry's Decorator: how a stored object is presented when read back. */
  decorate?(o: JsonObject): void;
  /** Whether metadata.generation is kept by the strategy (set to 1 on create, bumped on spec change). */
  generation?: boolean;
}
