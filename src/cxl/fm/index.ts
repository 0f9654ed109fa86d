/** The Fabric Manager API over the multi-host fabric: commands, state with background operations, fields. */
export * from './fields.ts';
export * from './registry.ts';
export * from './state.ts';
export * from './table.ts';
export * from './tunnel.ts';
export * from './types.ts';
