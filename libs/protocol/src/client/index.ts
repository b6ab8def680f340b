// The client core (see docs/architecture.md, "The client core"). Browser-safe but for
// tcp.transport.ts, chat-client.ts and file-transfer.ts, which web.ts leaves out.
export * from './backoff';
export * from './chat-client';
export * from './client-errors';
export * from './connection';
export * from './emitter';
export * from './requests';
export * from './session';
export * from './session.types';
export * from './tcp.transport';
export * from './transport';
export * from './websocket.transport';
