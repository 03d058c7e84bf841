/**
 * The Cluster Network Operator of an `openshift` cluster: it watches the `cluster` Network config
 * (config.openshift.io/v1) and rolls out what it accepts (openshift/cluster-network-operator
 * pkg/controller/operconfig operconfig_controller.go Reconcile: MergeClusterConfig, Validate,
 * IsChangeSafe against the applied configuration, then render). A configuration it refuses is
 * stored by the API all the same and changes nothing; the operator reports Degraded with the reason
 * (`degraded`). The one network change it rolls out outside a dual-stack conversion, widening a
 * clusterNetwork entry, gives nodes that had no subnet one from the wider range (OVN-Kubernetes'
 * cluster manager allocates again).
 */
import type { ClusterInfo, ClusterRuntime, KubeObject, Node } from "../cluster/index.js";
import {
  changeErrors,
  invalidConfiguration,
  operatorNetworkSpec,
  validateNetworkConfig,
  type NetworkConfig,
} from "../cluster/index.js";
import { EngineError } from "../engine.js";

export class NetworkOperator {
  private applied: NetworkConfig;
  /** The ClusterOperator `network` Degraded message, while the config is refused. */
  degraded: string | undefined;

  constructor(
    private readonly runtime: ClusterRuntime,
    private readonly info: ClusterInfo,
    networkType: string,
  ) {
    this.applied = {
      clusterNetwork: (info.clusterNetworks ?? []).map((c) => ({ ...c })),
      serviceNetwork: [...info.serviceCidrs],
      networkType,
    };
  }

  /** The network type rolled out (the CNI profile follows it). */
  get networkType(): string {
    return this.applied.networkType;
  }

  configChanged(obj: KubeObject): void {
    if (obj.kind !== "Network" || obj.metadata.name !== "cluster" || this.info.profile !== "openshift")
      return;
    const next: NetworkConfig = {
      clusterNetwork: obj.spec.clusterNetwork.map((c) => ({ ...c })),
      serviceNetwork: [...obj.spec.serviceNetwork],
      networkType: obj.spec.networkType,
    };
    const invalid = validateNetworkConfig(next);
    const errs = invalid.length ? invalid : changeErrors(this.applied, next);
    if (errs.length) {
      this.degraded = invalidConfiguration(errs);
      return;
    }
    this.degraded = undefined;
    if (next.serviceNetwork.length !== this.applied.serviceNetwork.length)
      throw new EngineError(
        "a conversion between single- and dual-stack is accepted by the Cluster Network Operator but not modelled by the reference engine",
        "network/unsupported",
      );
    this.rollOut(next);
  }

  private rollOut(next: NetworkConfig): void {
    this.applied = next;
    const { info, runtime } = this;
    info.clusterNetworks = next.clusterNetwork.map((c) => ({ ...c }));
    info.podCidrs.splice(0, info.podCidrs.length, ...next.clusterNetwork.map((c) => c.cidr));
    const op = runtime.store.get("Network.operator.openshift.io", "", "cluster");
    if (op && op.kind === "Stored") {
      const spec = operatorNetworkSpec(op.body.spec as Record<string, unknown> | undefined, {
        clusterNetworks: next.clusterNetwork,
        serviceNetwork: next.serviceNetwork,
        networkType: next.networkType,
      });
      runtime.putBuiltin({ ...op, body: { ...op.body, spec } });
    }
    // Nodes the old ranges had no room for get a subnet now.
    for (const n of [...runtime.store.nodes()])
      if (n.spec.podCIDRs.length === 0) runtime.putBuiltin(withoutCidrs(n));
  }
}

function withoutCidrs(n: Node): Node {
  return { ...n, spec: { ...n.spec, podCIDR: undefined, podCIDRs: [] } };
}
