/** Comparing targets: observation equality and the parity table of a multi-target run. */
export { compareDns, normalRecords } from "./compare-dns.js";
export { compareObservations } from "./compare.js";
export { parityTable, paritySummary } from "./table.js";
export { AddressBook, reverseName, type AddressOwner } from "./address-book.js";
export { addressOwners, podOwner, type PodFacts, type ServiceFacts } from "./owners.js";
