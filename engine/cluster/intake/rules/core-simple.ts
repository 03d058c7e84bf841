/**
 * Small core/v1 kinds: Namespace (SetDefaults_Namespace's name label, ValidateNamespace, status
 * phase), ConfigMap (ValidateConfigMap, immutability in ValidateConfigMapUpdate), Secret
 * (SetDefaults_Secret, ValidateSecret), ServiceAccount (ValidateServiceAccount).
 */
import { fe, type FieldError } from "../field-errors.js";
import { byteLength } from "../field-errors.js";
import { has, isObject, jsonEqual, obj, optBool, str, strMap, ensureObj, type JsonObject } from "../json.js";
import {
  metaOf,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from "../validate/meta.js";
import { isConfigMapKey } from "../validate/names.js";
import type { KindRules } from "./rules.js";

export const namespaceRules: KindRules = {
  defaults(o) {
    const m = ensureObj(o, "metadata");
    const name = str(m, "name");
    if (name) m.labels = { ...strMap(m, "labels"), "kubernetes.io/metadata.name": name };
  },
  prepareForCreate(o) {
    // namespace strategy PrepareForCreate: the kubernetes finalizer, status Active.
    o.spec = { finalizers: ["kubernetes"] };
    o.status = { phase: "Active" };
  },
  prepareForUpdate(o, old) {
    o.spec = old.spec ?? { finalizers: ["kubernetes"] };
    o.status = old.status ?? { phase: "Active" };
  },
  validate: (o) => validateObjectMeta(metaOf(o), false, nameIsDNSLabel),
  validateUpdate: (o, old) => validateObjectMetaUpdate(metaOf(o), metaOf(old)),
};

const MAX_DATA = 1024 * 1024;

function validateDataKeys(
  o: JsonObject,
  out: FieldError[],
  field: "data" | "binaryData",
  seen: Set<string>,
  size: { n: number },
): void {
  const m = obj(o, field);
  for (const [k, v] of Object.entries(m)) {
    for (const msg of isConfigMapKey(k)) out.push(fe.invalid(`${field}[${k}]`, k, msg));
    if (seen.has(k)) out.push(fe.invalid(`${field}[${k}]`, k, "duplicate of key present in data"));
    seen.add(k);
    size.n +=
      typeof v === "string" ? (field === "binaryData" ? Math.floor((v.length * 3) / 4) : byteLength(v)) : 0;
  }
}

export function validateConfigMap(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  const seen = new Set<string>();
  const size = { n: 0 };
  validateDataKeys(o, out, "data", seen, size);
  const bin = obj(o, "binaryData");
  for (const [k] of Object.entries(bin)) {
    for (const msg of isConfigMapKey(k)) out.push(fe.invalid(`binaryData[${k}]`, k, msg));
    if (seen.has(k)) out.push(fe.invalid(`binaryData[${k}]`, k, "duplicate of key present in data"));
  }
  if (size.n > MAX_DATA) out.push(fe.tooLong("", "", MAX_DATA));
  return out;
}

export const configMapRules: KindRules = {
  validate: (o) => validateConfigMap(o),
  validateUpdate(o, old) {
    const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
    if (optBool(old, "immutable") === true) {
      if (optBool(o, "immutable") !== true)
        out.push(fe.forbidden("immutable", "field is immutable when `immutable` is set"));
      if (!jsonEqual(o.data ?? {}, old.data ?? {}))
        out.push(fe.forbidden("data", "field is immutable when `immutable` is set"));
      if (!jsonEqual(o.binaryData ?? {}, old.binaryData ?? {}))
        out.push(fe.forbidden("binaryData", "field is immutable when `immutable` is set"));
    }
    return [...out, ...validateConfigMap(o)];
  },
};

/** ValidateSecret: keys, the size limit, and the fields each well-known type requires. */
export function validateSecret(o: JsonObject): FieldError[] {
  const out = validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain);
  const data = obj(o, "data");
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const msg of isConfigMapKey(k)) out.push(fe.invalid(`data[${k}]`, k, msg));
    total += typeof v === "string" ? Math.floor((v.replace(/=+$/, "").length * 3) / 4) : 0;
  }
  if (total > MAX_DATA) out.push(fe.tooLong("data", "", MAX_DATA));
  const type = str(o, "type");
  const need = (key: string) => {
    if (!has(data, key)) out.push(fe.required(`data[${key}]`));
  };
  switch (type) {
    case "kubernetes.io/service-account-token": {
      const ann = strMap(metaOf(o), "annotations");
      if (!ann["kubernetes.io/service-account.name"])
        out.push(fe.required("metadata.annotations[kubernetes.io/service-account.name]"));
      break;
    }
    case "kubernetes.io/dockercfg":
      need(".dockercfg");
      break;
    case "kubernetes.io/dockerconfigjson":
      need(".dockerconfigjson");
      break;
    case "kubernetes.io/basic-auth":
      if (!has(data, "username") && !has(data, "password"))
        out.push(fe.required("data[username]"), fe.required("data[password]"));
      break;
    case "kubernetes.io/ssh-auth":
      need("ssh-privatekey");
      break;
    case "kubernetes.io/tls":
      need("tls.key");
      need("tls.crt");
      break;
    default:
      break;
  }
  return out;
}

export const secretRules: KindRules = {
  defaults(o) {
    if (str(o, "type") === "") o.type = "Opaque";
    // Decoding merges stringData into data, stringData winning (core/v1 conversion.go
    // Convert_v1_Secret_To_core_Secret), and the stored object has no stringData.
    const sd = o.stringData;
    if (isObject(sd)) {
      const data = { ...obj(o, "data") };
      for (const [k, v] of Object.entries(sd)) data[k] = base64(typeof v === "string" ? v : "");
      o.data = data;
    }
    delete o.stringData;
  },
  validate: (o) => validateSecret(o),
  validateUpdate(o, old) {
    const out = validateObjectMetaUpdate(metaOf(o), metaOf(old));
    if (str(o, "type") !== str(old, "type"))
      out.push(fe.invalid("type", str(o, "type"), "field is immutable"));
    if (optBool(old, "immutable") === true) {
      if (optBool(o, "immutable") !== true)
        out.push(fe.forbidden("immutable", "field is immutable when `immutable` is set"));
      if (!jsonEqual(o.data ?? {}, old.data ?? {}))
        out.push(fe.forbidden("data", "field is immutable when `immutable` is set"));
    }
    return [...out, ...validateSecret(o)];
  },
};

export const serviceAccountRules: KindRules = {
  validate: (o) => validateObjectMeta(metaOf(o), true, nameIsDNSSubdomain),
};

/** Standard base64 of a string's UTF-8 bytes. */
export function base64(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}
