// The Harbor rules the simulator enforces come from @hw/harbor-client (one place for Harbor
// knowledge). This module is the single import point so the routes stay readable.
export {
  destinationRepository,
  nextCronRuns,
  normalizeRegistryUrl,
  parseHarborVersion,
  harborCapabilities,
  isAtLeast,
  repositoryMatchesFilters,
  selectArtifactTags,
  validateDestinationNamespace,
  validateProjectName,
  validateRegistryName,
  validateReplicationCron,
  validateReplicationFilters,
  validateRobotName,
  isSpecificPathComponent,
  PROJECT_POLICIES,
  PUBLIC_PROJECT,
  ROLE_POLICIES,
  robotPolicies,
} from '@hw/harbor-client';
export type {
  HarborAuthMode,
  HarborVersion,
  HarborCapabilities,
  HarborReplicationFilter,
} from '@hw/harbor-client';
