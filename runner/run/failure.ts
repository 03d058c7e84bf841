/** Why a step did not pass; its status decides failed, errored or skipped. */
import type { Span } from "../../dsl/index.js";
import type { CaseStatus } from "../result.js";

export interface Failure {
  status: CaseStatus;
  message: string;
  reasons: string[];
  /** The matcher (or divergence, or manifest line) to point at. */
  span?: Span;
  /** The stable code of an error (`manifest/invalid`, `target/unsupported`, `run/matcher`…). */
  code?: string;
}
