export type * from './types.ts';
export * from './rules/index.ts';

export {
  createHarborClient,
  collectAll,
  expiryAfterDurationChange,
  paginate,
  REPLICATION_JOB_TYPE,
} from './client/create-harbor-client.ts';
export type {
  HarborClient,
  HarborClientOptions,
  Page,
  PageQuery,
  RegistryTokenAccess,
  RegistryTokenGrant,
} from './client/create-harbor-client.ts';
export { BLOCKED_ADDRESS_CODE, HarborError, isHarborError } from './client/harbor-error.ts';
export { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, readTextCapped } from './client/bounded-body.ts';
export type { HarborErrorItem, HarborFailureKind, HarborRequestInfo } from './client/harbor-error.ts';
export { MAX_PAGE_SIZE } from './client/pagination.ts';
export { decodeTokenAccess, parseBearerChallenge } from './client/registry-token.ts';
