import { NoNodeError, type ZooKeeperClient } from '@zkts/client';
import type { ShellCommand } from '../command';
import { CommandError } from '../command-error';
import { zkCall } from '../run-zk';
import { checkPath } from '../zk-paths';
import { pathArgument } from './node-commands';

interface TreeNode {
  name: string;
  children: TreeNode[];
}

async function readTree(zk: ZooKeeperClient, path: string, name: string): Promise<TreeNode> {
  let children: string[] = [];
  try {
    children = (await zk.getChildren(path)).children.sort();
  } catch (error) {
    if (!NoNodeError.isInstance(error)) throw error;
  }
  const prefix = path === '/' ? '/' : `${path}/`;
  return { name, children: await Promise.all(children.map((child) => readTree(zk, prefix + child, child))) };
}

function drawTree(node: TreeNode, indent: string, out: (line: string) => void): void {
  node.children.forEach((child, index) => {
    const last = index === node.children.length - 1;
    out(`${indent}${last ? '└── ' : '├── '}${child.name}`);
    drawTree(child, indent + (last ? '    ' : '│   '), out);
  });
}

/** `tree path`: the subtree drawn with box characters (not in zkCli). */
export const tree: ShellCommand = {
  name: 'tree',
  synopsis: 'path',
  hidden: true,
  async run(ctx) {
    const path = ctx.words[1] ?? '/';
    checkPath(path);
    const zk = await ctx.client();
    if ((await zkCall(() => zk.exists(path), path)).stat === null) {
      throw new CommandError(`Node does not exist: ${path}`, 1, -101);
    }
    const root = await zkCall(() => readTree(zk, path, path), path);
    ctx.out(root.name);
    drawTree(root, '', ctx.out);
    ctx.result(root);
  },
};

/** `du path`: how many nodes and data bytes a subtree holds, with progress on stderr (not in zkCli). */
export const du: ShellCommand = {
  name: 'du',
  synopsis: 'path',
  hidden: true,
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    let nodes = 0;
    let bytes = 0;
    let lastReport = 0;
    const pending = [path];
    while (pending.length > 0 && !ctx.signal.aborted) {
      const batch = pending.splice(0, 64);
      const read = await Promise.all(
        batch.map(async (p) => {
          try {
            const { children, stat } = await zk.getChildren(p);
            return { p, children, bytes: stat.dataLength };
          } catch (error) {
            if (NoNodeError.isInstance(error) && p !== path) return undefined;
            throw error;
          }
        }),
      ).catch((error: unknown) => zkCall(() => Promise.reject(error), path));
      for (const entry of read) {
        if (entry === undefined) continue;
        nodes++;
        bytes += entry.bytes;
        const prefix = entry.p === '/' ? '/' : `${entry.p}/`;
        for (const child of entry.children) pending.push(prefix + child);
      }
      if (nodes - lastReport >= 10_000) {
        lastReport = nodes;
        ctx.err(`... ${nodes} nodes, ${bytes} bytes so far`);
      }
    }
    ctx.out(`${path}: ${nodes} nodes, ${bytes} bytes`);
    ctx.result({ path, nodes, bytes });
  },
};

/** `watch path`: persistent recursive events, one line each, until Ctrl-C (not in zkCli). */
export const watch: ShellCommand = {
  name: 'watch',
  synopsis: 'path',
  hidden: true,
  async run(ctx) {
    const path = pathArgument(ctx, this);
    const zk = await ctx.client();
    const stream = zk.watch(path, { recursive: true, signal: ctx.signal });
    await zkCall(() => stream.ready, path);
    ctx.err(`watching ${path} and below; Ctrl-C to stop`);
    try {
      for await (const event of stream) {
        ctx.out(`${event.type} ${event.path}`);
        ctx.emit(event);
      }
    } catch (error) {
      if (!ctx.signal.aborted) throw error;
    }
    await stream.close();
  },
};
