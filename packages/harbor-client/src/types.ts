// Names for the generated Harbor models. Nothing here is hand-written: every type is an alias of
// src/generated/harbor.d.ts, which is generated from spec/harbor-swagger.yaml.
import type { components, paths } from './generated/harbor.d.ts';

export type { components, paths };
type Schemas = components['schemas'];

export type HarborProject = Schemas['Project'];
export type HarborProjectReq = Schemas['ProjectReq'];
export type HarborRobot = Schemas['Robot'];
export type HarborRobotCreate = Schemas['RobotCreate'];
export type HarborRobotCreated = Schemas['RobotCreated'];
export type HarborRobotSec = Schemas['RobotSec'];
export type HarborRobotPermission = Schemas['RobotPermission'];
export type HarborAccess = Schemas['Access'];
export type HarborLabel = Schemas['Label'];
export type HarborRepository = Schemas['Repository'];
export type HarborArtifact = Schemas['Artifact'];
export type HarborTag = Schemas['Tag'];
export type HarborRegistry = Schemas['Registry'];
export type HarborRegistryCredential = Schemas['RegistryCredential'];
export type HarborRegistryUpdate = Schemas['RegistryUpdate'];
export type HarborRegistryPing = Schemas['RegistryPing'];
export type HarborRegistryInfo = Schemas['RegistryInfo'];
export type HarborReplicationPolicy = Schemas['ReplicationPolicy'];
export type HarborReplicationFilter = Schemas['ReplicationFilter'];
export type HarborReplicationTrigger = Schemas['ReplicationTrigger'];
export type HarborReplicationTriggerSettings = Schemas['ReplicationTriggerSettings'];
export type HarborReplicationExecution = Schemas['ReplicationExecution'];
export type HarborReplicationTask = Schemas['ReplicationTask'];
export type HarborStartReplicationExecution = Schemas['StartReplicationExecution'];
export type HarborSystemInfo = Schemas['GeneralInfo'];
export type HarborCurrentUser = Schemas['UserResp'];
export type HarborPermission = Schemas['Permission'];
export type HarborErrors = Schemas['Errors'];
