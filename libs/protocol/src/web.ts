/**
 * The browser-safe part of the protocol library, for the web client: frame types, the error
 * table, limits, the audit log's actions and the conversation list's shape. It leaves out the codec and the TCP client (node's
 * Buffer and node:net), and the validation, which the server does.
 */
export * from './audit';
export * from './conversations';
export * from './errors';
export * from './frames';
export * from './limits';
