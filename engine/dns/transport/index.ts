export { serveDns, servfailFor } from "./serve-dns.js";
export type { DnsListener, PacketMeta, ServeDnsOptions } from "./serve-dns.js";
