/**
 * The browser-safe part of the protocol library, for the web client: frame types, the error
 * table, limits and the audit log's actions. It leaves out the codec and the TCP client (node's
 * Buffer and node:net), and validate.ts, whose signature names the codec's RawFrame (so
 * type-checking it pulls in Buffer).
 */
export * from './audit';
export * from './errors';
export * from './frames';
export * from './limits';
