/** The simulation records its clients' operations in @zkts/linearizability's history format. */
export type {
  HistoryOp,
  ZkInput,
  ZkOutput,
  ZkSessionHistory as ZkHistory,
  ZkSessionInput,
} from '@zkts/linearizability';
