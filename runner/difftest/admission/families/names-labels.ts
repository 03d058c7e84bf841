/**
 * Object names (DNS-1123 subdomain for most kinds, DNS-1035 label for Services, DNS-1123 label for
 * Namespaces), label keys and values, annotation keys: apimachinery/pkg/util/validation and
 * pkg/apis/core/validation ValidateObjectMeta.
 */
import type { Family } from "../case.js";
import { doc, meta, nameOfLength, pod, container, service } from "./build.js";

const NAMES = [
  "web",
  "web-1",
  "1web",
  "web.v1",
  "Web",
  "web_1",
  "-web",
  "web-",
  "a",
  "x.y.z",
  "web..v1",
  nameOfLength(63),
  nameOfLength(64),
  nameOfLength(253),
  nameOfLength(254),
  "",
];

const LABEL_KEYS = [
  "app",
  "app.kubernetes.io/name",
  "example.com/tier",
  "Example.com/tier",
  "-app",
  "app-",
  "a/b/c",
  "/app",
  "example.com/",
  "my_label",
  "my.label",
  nameOfLength(63),
  nameOfLength(64),
  `${nameOfLength(254)}/x`,
  "kubernetes.io/x",
];

const LABEL_VALUES = [
  "v1",
  "",
  "a_b.c-d",
  "-v",
  "v-",
  "with space",
  nameOfLength(63),
  nameOfLength(64),
  "ÄÖ",
  "a/b",
];

export const namesLabels: Family = {
  name: "names-labels",
  weight: 6,
  make(r, c) {
    const kind = r.pick(["Service", "Pod", "ConfigMap", "Namespace", "Deployment"] as const);
    const what = r.pick(["name", "label", "annotation"] as const);
    const name = what === "name" ? r.pick(NAMES) : "obj";
    const labels: Record<string, string> = {};
    const annotations: Record<string, string> = {};
    if (what === "label") {
      for (let i = 0, n = r.int(1, 2); i < n; i++) labels[r.pick(LABEL_KEYS)] = r.pick(LABEL_VALUES);
    }
    if (what === "annotation") annotations[r.pick(LABEL_KEYS)] = r.pick(["x", "", "long text: with colons"]);
    const extra = {
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    };
    const title = `${kind} ${what} ${JSON.stringify(what === "name" ? name : { ...labels, ...annotations })}`;
    switch (kind) {
      case "Service":
        return { title, probe: service(name, c.ns, { ports: [{ port: 80 }] }, extra) };
      case "Pod":
        return { title, probe: pod(name, c.ns, { containers: [container()] }, extra) };
      case "ConfigMap":
        return {
          title,
          probe: doc({ apiVersion: "v1", kind, metadata: meta(name, c.ns, extra), data: { k: "v" } }),
        };
      case "Namespace":
        return {
          title,
          probe: doc({
            apiVersion: "v1",
            kind,
            metadata: meta(what === "name" ? name : c.unique("ns"), undefined, extra),
          }),
        };
      case "Deployment":
        return {
          title,
          probe: doc({
            apiVersion: "apps/v1",
            kind,
            metadata: meta(name, c.ns, extra),
            spec: {
              selector: { matchLabels: { app: "d" } },
              template: {
                metadata: { labels: { app: "d", ...labels } },
                spec: { containers: [container()] },
              },
            },
          }),
        };
    }
  },
};
