export type { CheckBudget } from './budget';
export { type CheckResult, checkLinearizable, type IllegalExplanation } from './check-linearizable';
export {
  checkZooKeeperGuarantees,
  type ZkGuarantee,
  type ZkGuaranteesOptions,
  type ZkGuaranteesResult,
} from './check-zookeeper-guarantees';
export type {
  HistoryOp,
  ZkHistory,
  ZkInput,
  ZkOutput,
  ZkSessionHistory,
  ZkSessionInput,
  ZkSyncInput,
} from './history';
export { decodeZkHistory, encodeHistory } from './history-codec';
export { HistoryRecorder, type OpHandle } from './history-recorder';
export type { Model } from './model';
export {
  describeZkOp,
  partitionByPath,
  stepZkRegister,
  type ZkRegisterModelState,
  type ZkRegisterState,
  zkRegisterModel,
} from './zk-register-model';
