import type { DataTreeOptions } from '@zkts/core';
import type { AuthProvider } from './auth/auth-provider';
import { ServerAuth } from './auth/server-auth';
import type { ServerConfig } from './config/index';
import type { WatchTarget } from './pipeline/pending-write';
import { loadSaslUsers } from './sasl/jaas-config';

/**
 * What a server's tree is built with, standalone or ensemble member: the settings, and the auth
 * (addauth, SASL users from jaasConfig, users' providers) whose ACL schemes the tree checks.
 */
export function serverTreeOptions(
  config: ServerConfig,
  options: { providers: readonly AuthProvider[]; x509: boolean },
): { auth: ServerAuth; treeOptions: DataTreeOptions<WatchTarget> } {
  const auth = new ServerAuth({
    providers: options.providers,
    saslUsers: config.jaasConfig === undefined ? undefined : loadSaslUsers(config.jaasConfig),
    x509: options.x509,
    saslSuperUser: config.saslSuperUser,
  });
  const treeOptions: DataTreeOptions<WatchTarget> = {
    maxBuffer: config.juteMaxBuffer,
    extendedTypesEnabled: config.extendedTypesEnabled,
    enforceQuota: config.enforceQuota,
    superDigest: config.superDigest,
    watcherAuthIds: (watcher) => watcher.authIds,
    aclSchemes: auth.aclSchemes,
  };
  return { auth, treeOptions };
}
