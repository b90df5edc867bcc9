export {
  createHarborSim,
  DEFAULT_USER,
  type HarborSim,
  type HarborSimOptions,
  type ObservedResponse,
  type ObservedRequest,
} from './create-harbor-sim.ts';
export type { SimControl, SimStateSummary } from './control/control.ts';
export type { HoldSpec } from './replication/engine.ts';
export type { FaultSpec } from './control/faults.ts';
export type { SimScale } from './state/seed.ts';
export { selfSignedCertificate, type SelfSignedCertificate } from './tls/self-signed-certificate.ts';
export { freeLoopbackPort } from './free-port.ts';
