/** networking/v1 NetworkPolicy: defaults (policyTypes) and validation (pkg/apis/networking/validation). */
import type { Fields, Raw } from "./fields.js";
import { isMap } from "./fields.js";
import { readLabelSelector, readProtocol, validPort, portNameError } from "./admit-common.js";
import type {
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  ObjectMeta,
} from "../model.js";
import { cidrContains, parseCidr, formatCidr } from "../../net/index.js";

function readPorts(f: Fields, v: unknown, path: string): NetworkPolicyPort[] {
  return f.list(v, path).map((x, i) => {
    const p = `${path}[${i}]`;
    const m = f.map(x, p);
    const port = f.intOrString(m.port, `${p}.port`);
    if (typeof port === "number") validPort(f, port, `${p}.port`);
    if (typeof port === "string") {
      const e = portNameError(port);
      if (e) f.ctx.invalid(`${p}.port`, port, e);
    }
    const endPort = f.int(m.endPort, `${p}.endPort`);
    if (endPort !== undefined) {
      if (port === undefined) f.ctx.required(`${p}.port`, "must be specified when endPort is specified");
      if (typeof port === "string")
        f.ctx.fail(`${p}.endPort`, "Forbidden", undefined, "may not be specified when `port` is non-numeric");
      if (endPort < port) f.ctx.invalid(`${p}.endPort`, endPort, "must be greater than or equal to `port`");
    }
    return { protocol: readProtocol(f, m.protocol, `${p}.protocol`), port, endPort };
  });
}

function readPeers(f: Fields, v: unknown, path: string): NetworkPolicyPeer[] {
  return f.list(v, path).map((x, i) => {
    const p = `${path}[${i}]`;
    const m = f.map(x, p);
    const peer: NetworkPolicyPeer = {};
    let n = 0;
    if (isMap(m.podSelector)) {
      peer.podSelector = readLabelSelector(f, m.podSelector, `${p}.podSelector`);
      n++;
    }
    if (isMap(m.namespaceSelector)) {
      peer.namespaceSelector = readLabelSelector(f, m.namespaceSelector, `${p}.namespaceSelector`);
      n++;
    }
    if (isMap(m.ipBlock)) {
      const b = m.ipBlock;
      const cidrText = f.str(b.cidr, `${p}.ipBlock.cidr`) ?? "";
      const cidr = parseCidr(cidrText);
      if (!cidrText) f.ctx.required(`${p}.ipBlock.cidr`);
      if (!cidr)
        f.ctx.invalid(
          `${p}.ipBlock.cidr`,
          cidrText,
          "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        );
      const except = f.list(b.except, `${p}.ipBlock.except`).map((e, j) => {
        const ep = `${p}.ipBlock.except[${j}]`;
        const t = f.str(e, ep) ?? "";
        const c = parseCidr(t);
        if (!c) f.ctx.invalid(ep, t, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        if (
          c.family !== cidr.family ||
          c.prefix <= cidr.prefix ||
          !cidrContains(cidr, formatCidr(c).split("/")[0]!)
        )
          f.ctx.invalid(ep, t, "must be a strict subset of `cidr`");
        return t;
      });
      peer.ipBlock = { cidr: cidrText, except };
      // validation.go ValidateNetworkPolicyPeer: ipBlock excludes the selectors.
      if (n > 0) f.ctx.fail(p, "Forbidden", undefined, "may not specify both ipBlock and another peer");
      n++;
    }
    if (n === 0) f.ctx.required(p, "must specify a peer");
    return peer;
  });
}

function readRules(f: Fields, v: unknown, path: string, peerKey: "from" | "to"): NetworkPolicyRule[] {
  return f.list(v, path).map((x, i) => {
    const m = f.map(x, `${path}[${i}]`);
    const rule: NetworkPolicyRule = {};
    if (m[peerKey] !== undefined && m[peerKey] !== null)
      rule.peers = readPeers(f, m[peerKey], `${path}[${i}].${peerKey}`);
    if (m.ports !== undefined && m.ports !== null) rule.ports = readPorts(f, m.ports, `${path}[${i}].ports`);
    return rule;
  });
}

export function admitNetworkPolicy(f: Fields, metadata: ObjectMeta, spec: Raw): NetworkPolicy {
  const podSelector = readLabelSelector(f, spec.podSelector, "spec.podSelector");
  const ingress =
    spec.ingress === undefined || spec.ingress === null
      ? undefined
      : readRules(f, spec.ingress, "spec.ingress", "from");
  const egress =
    spec.egress === undefined || spec.egress === null
      ? undefined
      : readRules(f, spec.egress, "spec.egress", "to");
  let policyTypes = f.list(spec.policyTypes, "spec.policyTypes").map((x, i) => {
    const t = f.str(x, `spec.policyTypes[${i}]`) ?? "";
    if (t !== "Ingress" && t !== "Egress")
      f.ctx.fail(`spec.policyTypes[${i}]`, "Unsupported value", t, 'supported values: "Egress", "Ingress"');
    return t;
  });
  if (policyTypes.length > 2)
    f.ctx.invalid("spec.policyTypes", policyTypes, "may not specify more than two policyTypes");
  // networking/v1 defaults.go SetDefaults_NetworkPolicy: [Ingress], plus Egress iff spec.egress is non-empty.
  if (policyTypes.length === 0)
    policyTypes = egress && egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"];
  return { kind: "NetworkPolicy", metadata, spec: { podSelector, policyTypes, ingress, egress } };
}
