export * from './audit';
export * from './conversations';
export * from './errors';
export * from './frames';
export * from './limits';
export * from './codec';
export * from './validate';
export * from './client';
