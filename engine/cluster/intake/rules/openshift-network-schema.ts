/**
 * The openAPIV3Schemas of OpenShift's two Network CRDs, validations one for one, descriptions left
 * out: config.openshift.io/v1 Network (openshift/api config/v1/zz_generated.crd-manifests/
 * 0000_10_config-operator_01_networks.crd.yaml, from config/v1/types_network.go) and
 * operator.openshift.io/v1 Network (cluster-network-operator manifests/
 * 0000_70_network_01_networks-Default.crd.yaml). Of the operator CRD only the fields the engine
 * reads are spelt out; the plugin-specific sub-objects it does not model (ovnKubernetesConfig's
 * gateway, IPsec, egress-IP settings, additionalNetworks, kubeProxyConfig, ...) are kept as written
 * (x-kubernetes-preserve-unknown-fields) so a real manifest is not refused for fields the real CRD has.
 */
import type { OpenApiSchema } from "../validate/openapi.js";

const string: OpenApiSchema = { type: "string" };
const kept: OpenApiSchema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
const obj = (properties: Record<string, OpenApiSchema>, required: string[] = []): OpenApiSchema => ({
  type: "object",
  properties,
  ...(required.length ? { required } : {}),
});
const list = (items: OpenApiSchema): OpenApiSchema => ({ type: "array", items });
const int32 = (minimum: number): OpenApiSchema => ({ type: "integer", minimum });

/** ClusterNetworkEntry: `hostPrefix` is a uint32 (+kubebuilder:validation:Minimum=0). */
const clusterNetworkEntry = obj({ cidr: string, hostPrefix: int32(0) });

/** types_network.go ServiceNodePortRange's +kubebuilder:validation:Pattern. */
const PORT = "([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

const LOG_LEVEL: OpenApiSchema = {
  type: "string",
  enum: ["", "Normal", "Debug", "Trace", "TraceAll"],
  default: "Normal",
};

export const CONFIG_NETWORK_SCHEMA: OpenApiSchema = obj(
  {
    spec: obj({
      clusterNetwork: list(clusterNetworkEntry),
      serviceNetwork: list(string),
      networkType: string,
      externalIP: kept,
      serviceNodePortRange: { type: "string", pattern: `^${PORT}-${PORT}$` },
      networkDiagnostics: kept,
    }),
    status: kept,
  },
  ["spec"],
);

export const OPERATOR_NETWORK_SCHEMA: OpenApiSchema = obj(
  {
    spec: obj({
      clusterNetwork: list(clusterNetworkEntry),
      serviceNetwork: list(string),
      defaultNetwork: obj({ type: string, ovnKubernetesConfig: kept, openshiftSDNConfig: kept }),
      additionalNetworks: { type: "array", items: kept },
      additionalRoutingCapabilities: kept,
      deployKubeProxy: { type: "boolean" },
      disableMultiNetwork: { type: "boolean" },
      disableNetworkDiagnostics: { type: "boolean" },
      exportNetworkFlows: kept,
      kubeProxyConfig: kept,
      logLevel: LOG_LEVEL,
      managementState: { type: "string", pattern: "^(Managed|Unmanaged|Force|Removed)$" },
      migration: kept,
      observedConfig: kept,
      operatorLogLevel: LOG_LEVEL,
      unsupportedConfigOverrides: kept,
      useMultiNetworkPolicy: { type: "boolean" },
    }),
    status: kept,
  },
  ["spec"],
);
