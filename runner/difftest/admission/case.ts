/**
 * One generated admission case: objects created for real first (`setup`), then the manifest under
 * test (`probe`), applied as `kubectl apply --dry-run=server -o json` does — or for real when an
 * allocator decides the outcome (`create`: nodePort and clusterIP conflicts need a real allocation).
 * Names are unique per case (its own namespace, cluster-scoped names suffixed with the case index),
 * so cases share one API server without meeting.
 */
import type { Rng } from "../rng.js";

export interface AdmissionCase {
  /** `seed:index`, printed with every disagreement so a case can be run alone. */
  id: string;
  /** The rule family the case exercises (names-labels, service-ports, ...). */
  family: string;
  /** What this variant tries, in a few words. */
  title: string;
  /** The case's own namespace, created before `setup` on both sides. */
  namespace: string;
  /** YAML documents created for real before the probe; each must be admitted. */
  setup: string[];
  /** The manifest under test (one or more documents). */
  probe: string;
  /** Apply the probe for real instead of as a server-side dry run. */
  create: boolean;
}

/** What a family's generator knows about the case it fills. */
export interface CaseContext {
  /** The case's namespace. */
  ns: string;
  /** The case index, for unique cluster-scoped names and non-colliding allocations. */
  index: number;
  /** A cluster-scoped name unique to this case (`base-<index>`). */
  unique(base: string): string;
}

export interface CaseBody {
  title: string;
  setup?: string[];
  probe: string;
  create?: boolean;
}

export interface Family {
  name: string;
  /** Relative share of the generated cases. */
  weight: number;
  make(r: Rng, c: CaseContext): CaseBody;
}
