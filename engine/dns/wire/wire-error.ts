/**
 * The one error the wire codec throws. `headerReadable` tells the server whether it can still answer
 * FORMERR with the query's id (CoreDNS core/dnsserver: a message that fails to unpack but has a
 * 12-byte header gets a FORMERR reply carrying the id; anything shorter is dropped).
 */
export class WireError extends Error {
  constructor(
    message: string,
    readonly headerReadable: boolean,
    /** The message id when the header was readable. */
    readonly id?: number,
  ) {
    super(message);
    this.name = "WireError";
  }
}
