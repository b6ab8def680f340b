/**
 * The browser-safe part of the protocol library, for the web client: frame types, the error
 * table, limits, the audit log's actions, the size format, the conversation list's shape, the
 * frames' text form, the product's name and the client core over a WebSocket. It leaves out the codec, the TCP transport and ChatClient
 * (node's Buffer, node:net and node:fs).
 */
export * from './audit';
export * from './call-text';
export * from './client/backoff';
export * from './client/client-errors';
export * from './client/connection';
export * from './client/emitter';
export * from './client/requests';
export * from './client/session';
export * from './client/session.types';
export * from './client/transport';
export * from './client/websocket.transport';
export * from './conversations';
export * from './errors';
export * from './format';
export * from './frame-text';
export * from './frames';
export * from './limits';
export * from './product';
export * from './raw-frame';
