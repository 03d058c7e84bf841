/**
 * API errors as the server returns them (apimachinery/pkg/api/errors): a reason, an HTTP code and
 * the message, with the field causes for Invalid. kubectl's own refusals (before any request) are
 * the same shape with reason "Client", so one report carries both.
 */
import { aggregate, type FieldError } from "./field-errors.js";

export interface ApiStatus {
  /** Invalid, BadRequest, NotFound, AlreadyExists, Forbidden, InternalError, Conflict; Client for kubectl. */
  reason: string;
  code: number;
  /** Status.message (for Client: kubectl's error text). */
  message: string;
  /** For Invalid: the kind (without group), the name and every cause. */
  details?: { kind: string; group: string; name: string; causes: FieldError[] };
}

export class ApiError extends Error {
  constructor(readonly status: ApiStatus) {
    super(status.message);
    this.name = "ApiError";
  }
}

/** errors.NewInvalid: `Kind.group "name" is invalid: <aggregate>`. */
export function invalid(group: string, kind: string, name: string, causes: FieldError[]): ApiError {
  const gk = group ? `${kind}.${group}` : kind;
  return new ApiError({
    reason: "Invalid",
    code: 422,
    message: `${gk} ${JSON.stringify(name)} is invalid: ${aggregate(causes)}`,
    details: { kind, group, name, causes },
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError({ reason: "BadRequest", code: 400, message });
}

export function notFound(message: string): ApiError {
  return new ApiError({ reason: "NotFound", code: 404, message });
}

export function forbidden(message: string): ApiError {
  return new ApiError({ reason: "Forbidden", code: 403, message });
}

export function internalError(message: string): ApiError {
  return new ApiError({ reason: "InternalError", code: 500, message: `Internal error occurred: ${message}` });
}

/** An error kubectl reports itself, before (or instead of) asking the server. */
export function clientError(message: string): ApiError {
  return new ApiError({ reason: "Client", code: 0, message });
}
