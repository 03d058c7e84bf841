/**
 * The files a CoreDNS container sees (plugin/file's zone files): kubelet projects a ConfigMap volume
 * into the container at each volumeMount, every key a file, or only the listed `items` (key → path;
 * core/v1 ConfigMapVolumeSource). kubeadm (cmd/kubeadm/app/phases/addons/dns/manifests.go) mounts
 * the coredns ConfigMap at /etc/coredns with `items: [{key: Corefile, path: Corefile}]`, so a zone key
 * added to the ConfigMap is a file only once the Deployment's items list it too. Keys are read live
 * (kubelet's sync delay is not modelled), as plugin/file's reload reads the file again.
 */
import type { ConfigMap, Pod, PodVolume } from "../cluster/index.js";

/**
 * The text of `path` in `pod`'s first container, undefined when no volume provides it. A pod without
 * modelled volumes sees the Corefile ConfigMap's keys under /etc/coredns. Relative paths are from the
 * container's working directory, `/`.
 */
export function containerFile(
  pod: Pod | undefined,
  configMap: (namespace: string, name: string) => ConfigMap | undefined,
  corefileConfigMap: ConfigMap | undefined,
  path: string,
): string | undefined {
  const full = (path.startsWith("/") ? path : `/${path}`).replace(/\/+/g, "/");
  const volumes: PodVolume[] | undefined = pod?.spec.volumes;
  if (!pod || !volumes) {
    const m = /^\/etc\/coredns\/([^/]+)$/.exec(full);
    return m ? corefileConfigMap?.data[m[1]!] : undefined;
  }
  for (const mount of pod.spec.containers[0]?.volumeMounts ?? []) {
    const vol: PodVolume | undefined = volumes.find((v) => v.name === mount.name);
    const source = vol?.configMap;
    const cm = source ? configMap(pod.metadata.namespace, source.name) : undefined;
    if (!source || !cm) continue;
    const dir = mount.mountPath.replace(/\/+$/, "");
    let rel: string | undefined;
    if (mount.subPath) rel = full === dir ? mount.subPath : undefined;
    else if (full.startsWith(`${dir}/`)) rel = full.slice(dir.length + 1);
    if (rel === undefined) continue;
    const key = source.items ? source.items.find((i) => i.path === rel)?.key : rel;
    const text = key === undefined ? undefined : cm.data[key];
    if (text !== undefined) return text;
  }
  return undefined;
}
