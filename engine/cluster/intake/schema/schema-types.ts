/** The shape of the generated API schema (scripts/gen-api-schema.mjs explains the type codes). */
export interface ApiSchemaData {
  /** The Kubernetes release the schema was generated from. */
  version: string;
  /** `group/version/Kind` (`v1/Service` for the core group) → definition, resource, namespaced (1/0). */
  kinds: Record<string, { d: string; r: string; n: 0 | 1 }>;
  /** Short definition name (`core.v1.ServicePort`) → Go type name, fields and their type codes. */
  defs: Record<string, { go: string; f: Record<string, string>; r?: string[] }>;
}
