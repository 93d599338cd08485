export {
  type EnsembleAddress,
  type EnsembleConfig,
  type EnsembleMember,
  ensembleConfig,
  loadEnsembleConfig,
  type MemberRole,
  membershipOf,
  readMyid,
} from './ensemble-config';
export {
  FOUR_LETTER_WORDS,
  type FourLetterWord,
  type FourLetterWordWhitelist,
  isFourLetterWordAllowed,
} from './four-letter-words';
export { loadConfigFile } from './load-config-file';
export { type ParsedZooCfg, parseZooCfg } from './parse-zoo-cfg';
export { parseQuorumServer, type QuorumServerConfig } from './quorum-server';
export { resolveServerConfig } from './resolve-server-config';
export {
  ConfigError,
  DEFAULT_CLIENT_PORT,
  DEFAULT_CLIENT_PORT_ADDRESS,
  DEFAULT_COMMIT_LOG_COUNT,
  DEFAULT_GLOBAL_OUTSTANDING_LIMIT,
  DEFAULT_JUTE_MAX_BUFFER,
  DEFAULT_MAX_CLIENT_CNXNS,
  DEFAULT_SNAP_COUNT,
  DEFAULT_SNAPSHOT_SIZE_FACTOR,
  DEFAULT_TICK_TIME,
  type KeyStoreType,
  type ServerConfig,
  type ServerConfigInput,
} from './server-config';
export type { ResolvedServerConfig } from './settings';
