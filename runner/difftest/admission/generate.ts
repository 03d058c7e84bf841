/**
 * The admission case generator: case `index` of a run seeded with `seed` picks a rule family by
 * weight and lets it build one variant. Everything derives from (seed, index), so one case can be
 * regenerated alone from the `seed:index` printed with it.
 */
import { Rng } from "../rng.js";
import type { AdmissionCase, Family } from "./case.js";
import { allocation } from "./families/allocation.js";
import { configMaps, nodes } from "./families/config-nodes.js";
import { decoding } from "./families/decoding.js";
import { endpointFamily } from "./families/endpoints.js";
import { kinds } from "./families/kinds.js";
import { namesLabels } from "./families/names-labels.js";
import { podSpec } from "./families/pod-spec.js";
import { ports } from "./families/ports.js";
import { netpolPeers } from "./families/selectors.js";
import { serviceSpec } from "./families/service-spec.js";
import { updates } from "./families/updates.js";
import { workloads } from "./families/workloads.js";

export const FAMILIES: Family[] = [
  namesLabels,
  ports,
  serviceSpec,
  allocation,
  endpointFamily,
  podSpec,
  netpolPeers,
  workloads,
  configMaps,
  nodes,
  updates,
  decoding,
  kinds,
];

function pickFamily(r: Rng, only?: string): Family {
  const pool = only ? FAMILIES.filter((f) => f.name === only) : FAMILIES;
  if (pool.length === 0)
    throw new Error(`no admission family "${only}" (known: ${FAMILIES.map((f) => f.name).join(", ")})`);
  const total = pool.reduce((n, f) => n + f.weight, 0);
  let x = r.next() * total;
  for (const f of pool) {
    x -= f.weight;
    if (x < 0) return f;
  }
  return pool[pool.length - 1]!;
}

/** Case `index` of the run seeded `seed` (optionally only from one family). */
export function generateAdmissionCase(seed: number, index: number, family?: string): AdmissionCase {
  const r = new Rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const f = pickFamily(r, family);
  const ns = `adm-${index}`;
  const body = f.make(r, { ns, index, unique: (base) => `${base}-${index}` });
  return {
    id: `${seed}:${index}`,
    family: f.name,
    title: body.title,
    namespace: ns,
    setup: body.setup ?? [],
    probe: body.probe,
    create: body.create ?? false,
  };
}
