/** `cluster PROFILE [{ settings }]`: the cluster a suite runs on (cluster-settings.ts lists the settings). */
import { PROFILES } from "../../builtins.js";
import type { ClusterSettings } from "../../plan.js";
import type { SuiteCtx } from "../context.js";
import { Cursor, named } from "../pattern.js";
import type { StatementSpec } from "../spec.js";
import { CLUSTER_SETTINGS } from "./cluster-settings.js";

const profileName = named("cluster profile", PROFILES.join("|"));

export const clusterStatement: StatementSpec<SuiteCtx> = {
  head: "cluster",
  syntax: `cluster ${profileName.syntax} [{ SETTING ... }]`,
  summary: "the cluster profile of the suite and its settings (anything unset takes the profile's default).",
  example: "cluster kind { nodes 3; proxy-mode nftables }",
  compile(st, sc) {
    const profile = profileName.take(new Cursor(st, sc.ctx)) ?? "kubeadm";
    if (!(PROFILES as readonly string[]).includes(profile))
      sc.ctx.session.unknown(
        "check/unknown-profile",
        "cluster profile",
        profile,
        st.items[0]!.$span,
        PROFILES,
      );
    const settings: ClusterSettings = { profile: profile as ClusterSettings["profile"], span: st.$span };
    const heads = CLUSTER_SETTINGS.map((s) => s.head);
    for (const k of st.block ?? []) {
      const spec = CLUSTER_SETTINGS.find((s) => s.head === k.head);
      if (spec) spec.compile(k, { ctx: sc.ctx, settings });
      else sc.ctx.session.unknown("check/unknown-setting", "cluster setting", k.head, k.headSpan, heads);
    }
    sc.suite.cluster = settings;
  },
};
