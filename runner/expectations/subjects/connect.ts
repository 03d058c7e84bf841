/** Subjects of a connection (`expect connect` and `expect path`): verdict flags, backend, hops. */
import type { ConnectObs } from "../../observation.js";
import { judgeBecause } from "../judge.js";
import { flag, list, scalar, type CustomJudge, type SubjectTable } from "../subject.js";
import { flatStrings } from "../values.js";

const verdict = (name: ConnectObs["verdict"]) => (o: ConnectObs) => flag(o.verdict === name);

/** `denied by ingress`: the flag plus the direction that dropped it. */
const judgeDenied: CustomJudge<ConnectObs> = async (m, obs, resolveValue) => {
  const by = m.value ? await flatStrings(m.value, resolveValue) : [];
  const ok = obs.verdict === "denied" && (by.length === 0 || by.includes(obs.deniedBy ?? ""));
  const actual =
    obs.verdict === "denied" ? `denied${obs.deniedBy ? ` by ${obs.deniedBy}` : ""}` : obs.verdict;
  return { ok, expected: by.length ? `denied by ${by.join(",")}` : "denied", actual };
};

/** `lands-on any(pods …)`: the backend the connection reached is one of the given pods. */
const judgeLandsOn: CustomJudge<ConnectObs> = async (m, obs, resolveValue) => {
  const allowed = m.value ? await flatStrings(m.value, resolveValue) : [];
  const landed = obs.landedOn ?? "";
  return {
    ok: landed !== "" && allowed.includes(landed),
    expected: `one of [${allowed.join(", ")}]`,
    actual: landed || "(nowhere)",
  };
};

export const connectSubjects: SubjectTable<ConnectObs> = {
  subjects: {
    allowed: verdict("allowed"),
    refused: verdict("refused"),
    timeout: verdict("timeout"),
    rejected: verdict("rejected"),
    denied: verdict("denied"),
    "lands-on": (o) => scalar(o.landedOn),
    candidates: (o) => list(o.candidates),
    count: (o) => list(o.candidates),
    "source-ip": (o) => scalar(o.sourceIp),
    "destination-ip": (o) => scalar(o.destinationIp),
    because: (o) => list(o.reasons),
    hops: (o) =>
      list(
        o.hops.map((h) => ({ ...h })),
        true,
      ),
  },
  judges: { denied: judgeDenied, "lands-on": judgeLandsOn, because: judgeBecause },
  describeFalse: (o) => o.verdict + (o.deniedBy ? ` by ${o.deniedBy}` : ""),
};
