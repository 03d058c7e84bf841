/** Images the local cluster runs, made here (never pulled), and the registry that serves them. */
export { buildImages, IMAGE_REFS, type BuiltImages, type ImageName } from "./images.js";
export { OciLayout, MEDIA, type Descriptor, type Layer, type RunConfig } from "./oci.js";
export { tarArchive, type TarEntry } from "./tar.js";
