// dns-packet's number ↔ name tables (plain CommonJS files of the package; @types/dns-packet does not
// declare them). The decoder names types and classes exactly as dns-packet's own decoder did.
declare module "dns-packet/types.js" {
  const types: { toString(type: number): string; toType(name: string): number };
  export default types;
}
declare module "dns-packet/classes.js" {
  const classes: { toString(klass: number): string; toClass(name: string): number };
  export default classes;
}
