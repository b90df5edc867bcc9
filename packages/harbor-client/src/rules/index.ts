// Harbor's server-side rules as pure functions, shared by the web app, the server and the simulator.
export type { RuleCheck } from './rule-check.ts';
export * from './capabilities.ts';
export * from './cron.ts';
export * from './glob.ts';
export * from './filters.ts';
export * from './destination.ts';
export * from './names.ts';
export * from './auth-mode.ts';
export * from './rbac.ts';
export * from './robot-permissions.ts';
export * from './robot-account.ts';
export * from './robot-export.ts';
export * from './executions.ts';
export * from './replication-policy.ts';
export * from './registry-request.ts';
export * from './watch-permissions.ts';
