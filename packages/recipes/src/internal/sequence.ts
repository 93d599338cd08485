/**
 * The counter ZooKeeper appends to a sequential node's name: `%010d`, ten characters, so a
 * negative one (after overflow) is a minus and nine digits. Not `-?\d{10}`: that would read the
 * dash of Curator's `lock-0000000001` as a sign.
 */
const SEQUENCE = /(\d{10}|-\d{9})$/;

export function sequenceOf(name: string): number | undefined {
  const match = SEQUENCE.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * The sequential children among `children`, in creation order. Every contender of a recipe is
 * created under the same parent, whose single counter orders them whatever their prefix
 * (Curator's `_c_<guid>-lock-`, kazoo's `<hex>__lock__`, ours): ordering by the number alone is
 * what lets the three exclude one another on one path.
 */
export function sortBySequence(children: readonly string[], accept: (name: string) => boolean = () => true) {
  const numbered: { name: string; sequence: number }[] = [];
  for (const name of children) {
    const sequence = sequenceOf(name);
    if (sequence !== undefined && accept(name)) numbered.push({ name, sequence });
  }
  numbered.sort((a, b) => a.sequence - b.sequence);
  return numbered.map((entry) => entry.name);
}
