/**
 * Operations made of several requests, written on the client's public API (as Curator's
 * creatingParentsIfNeeded, ZKUtil.deleteRecursive and kazoo's ensure_path are): creating missing
 * ancestors, deleting a subtree in multi batches, create-or-set.
 */
import type { ACL, Stat } from '@zkts/core';
import { NodeExistsError, NoNodeError, NotEmptyError } from './errors/error-classes';
import { parentPath } from './missing-parent';

/** The part of the client these operations use. */
export interface TreeClient {
  create(
    path: string,
    data: string | Uint8Array | null,
    options: { acl?: readonly ACL[]; signal?: AbortSignal },
  ): Promise<string>;
  getChildren(path: string, options: { signal?: AbortSignal }): Promise<{ children: string[] }>;
  setData(path: string, data: string | Uint8Array | null, options: { signal?: AbortSignal }): Promise<Stat>;
  exists(path: string, options: { signal?: AbortSignal }): Promise<{ stat: Stat | null }>;
  transaction(): {
    delete(path: string, version?: number): unknown;
    commit(options: { signal?: AbortSignal }): Promise<unknown>;
  };
}

/** What the composite operations take: the ACL of nodes they create, and a signal to stop. */
export interface TreeOptions {
  acl?: readonly ACL[] | undefined;
  signal?: AbortSignal | undefined;
}

function createOptions({ acl, signal }: TreeOptions): { acl?: readonly ACL[]; signal?: AbortSignal } {
  return { ...(acl ? { acl } : {}), ...(signal ? { signal } : {}) };
}

function signalOnly({ signal }: TreeOptions): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/** Ops per multi when deleting a subtree (ZKUtil.deleteRecursive's default batch is 1000). */
export const DELETE_BATCH = 1000;
/** A subtree that keeps gaining children while being deleted is retried this many times. */
const DELETE_ATTEMPTS = 5;

/** The ancestors of `path`, top down, without '/' and without `path` itself. */
export function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentPath(path); parent !== undefined && parent !== '/'; parent = parentPath(parent)) {
    ancestors.unshift(parent);
  }
  return ancestors;
}

/** Creates each missing ancestor of `path` as an empty persistent node; existing ones are fine. */
export async function createAncestors(
  client: TreeClient,
  path: string,
  options: TreeOptions = {},
): Promise<void> {
  for (const ancestor of ancestorsOf(path)) {
    await client.create(ancestor, null, createOptions(options)).catch(ignore(NodeExistsError.isInstance));
  }
}

/** `path` and its missing ancestors, as empty persistent nodes; nothing if it exists (kazoo's ensure_path). */
export async function ensurePath(client: TreeClient, path: string, options: TreeOptions = {}): Promise<void> {
  if ((await client.exists(path, signalOnly(options))).stat !== null) return;
  await createAncestors(client, path, options);
  await client.create(path, null, createOptions(options)).catch(ignore(NodeExistsError.isInstance));
}

/**
 * Deletes `path` and everything under it: lists the subtree, then deletes it leaves first in
 * multi batches of DELETE_BATCH. A batch that fails because a node appeared (NotEmpty) or went
 * (NoNode) meanwhile makes it list again, up to DELETE_ATTEMPTS times. `version` applies to
 * `path` itself. Rejects with NoNodeError when `path` does not exist.
 */
export async function deleteAll(
  client: TreeClient,
  path: string,
  version = -1,
  options: TreeOptions = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const nodes = await listSubtree(client, path, options);
    try {
      // Deepest first: a parent goes after all its children, in the same or a later batch.
      for (let end = nodes.length; end > 0; end -= DELETE_BATCH) {
        const transaction = client.transaction();
        for (const node of nodes.slice(Math.max(0, end - DELETE_BATCH), end).reverse()) {
          transaction.delete(node, node === path ? version : -1);
        }
        await transaction.commit(signalOnly(options));
      }
      return;
    } catch (error) {
      const raced = NotEmptyError.isInstance(error) || (NoNodeError.isInstance(error) && error.path !== path);
      if (!raced || attempt === DELETE_ATTEMPTS) throw error;
    }
  }
}

/** `path` and its descendants, parents before children (breadth first). */
async function listSubtree(client: TreeClient, path: string, options: TreeOptions): Promise<string[]> {
  const nodes = [path];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] ?? path;
    const listed = await client.getChildren(node, signalOnly(options)).catch(
      // a descendant deleted meanwhile has no children to list; the top node must exist
      (error: unknown) => {
        if (node !== path && NoNodeError.isInstance(error)) return { children: [] };
        throw error;
      },
    );
    for (const child of listed.children) nodes.push(node === '/' ? `/${child}` : `${node}/${child}`);
  }
  return nodes;
}

/**
 * Create-or-set: sets the data of `path`, creating it (and, with `parents`, its ancestors) when
 * it does not exist. Resolves to the node's Stat after the write.
 */
export async function put(
  client: TreeClient,
  path: string,
  data: string | Uint8Array | null,
  options: TreeOptions & { parents?: boolean | undefined } = {},
): Promise<Stat> {
  for (;;) {
    try {
      return await client.setData(path, data, signalOnly(options));
    } catch (error) {
      if (!NoNodeError.isInstance(error)) throw error;
    }
    if (options.parents) await createAncestors(client, path, options);
    try {
      await client.create(path, data, createOptions(options));
      const { stat } = await client.exists(path, signalOnly(options));
      if (stat) return stat;
    } catch (error) {
      // created by someone else meanwhile: set it
      if (!NodeExistsError.isInstance(error)) throw error;
    }
  }
}

function ignore(matches: (error: unknown) => boolean) {
  return (error: unknown): void => {
    if (!matches(error)) throw error;
  };
}
