// Cluster membership: three nodes join a group with their address as member data; one
// leaves (its session ends) and the others see the group shrink.
import { GroupMember } from '@zkts/recipes';
import { connect, runPath, sleep } from '../connect';

const cluster = await connect();
const path = runPath('members');
const members = [];
for (const [i, name] of ['n1', 'n2', 'n3'].entries()) {
  const zk = await cluster.client();
  const member = new GroupMember(zk, path, name, `10.0.0.${i + 1}:7000`);
  await member.start();
  members.push({ zk, member });
}
const watcher = members[0]?.member;
if (!watcher) throw new Error('no members');
const show = () =>
  [...watcher.members()].map(([id, data]) => `${id}@${new TextDecoder().decode(data)}`).join(' ');
while (watcher.members().size < 3) await sleep(5);
console.log(`members: ${show()}`);
await members[2]?.zk.close();
while (watcher.members().size > 2) await sleep(5);
console.log(`after n3 left: ${show()}`);
await cluster.close();
