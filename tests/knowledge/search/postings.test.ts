import { PostingListsBuilder, UnitAccumulator } from '../../../knowledge/search/postings';

describe('PostingLists', () => {
  it('lists the items holding each term in ascending order with their counts, and none for other terms', () => {
    const builder = new PostingListsBuilder(3);
    const pairs: [term: number, item: number, count: number][] = [
      [2, 0, 1],
      [0, 0, 4],
      [2, 3, 2],
    ];
    for (const [term] of pairs) builder.starts[term + 1]!++;
    builder.allocate();
    for (const [term, item, count] of pairs) {
      const at = builder.next[term]!++;
      builder.items[at] = item;
      builder.counts[at] = count;
    }
    const postings = builder.build();
    const list = (term: number) => {
      const items: [number, number][] = [];
      for (let i = postings.start(term); i < postings.end(term); i++) items.push([postings.items[i]!, postings.counts[i]!]);
      return items;
    };
    expect(list(0)).toEqual([[0, 4]]);
    expect(list(1)).toEqual([]);
    expect(list(2)).toEqual([[0, 1], [3, 2]]);
    expect(postings.frequency(2)).toBe(2);
    // A term numbered after the lists were built (a later edit's) has no items here.
    expect(list(7)).toEqual([]);
  });
});

describe('UnitAccumulator', () => {
  it('credits a unit once per item even when several of its keys match it', () => {
    const sums = new UnitAccumulator(3);
    sums.begin();
    sums.nextUnit();
    sums.credit([0, 1], 2);
    sums.credit([1], 2);
    sums.nextUnit();
    sums.credit([1], 0.5);
    expect(sums.items()).toEqual([0, 1]);
    expect([sums.total(0), sums.total(1)]).toEqual([2, 2.5]);
  });

  it('starts each query from zero and lists its items in ascending order', () => {
    const sums = new UnitAccumulator(40);
    sums.begin();
    sums.nextUnit();
    sums.credit([7, 3], 1);
    sums.begin();
    sums.nextUnit();
    sums.credit([9, 2], 1);
    expect(sums.itemsInOrder()).toEqual([2, 9]);
    expect([sums.total(2), sums.total(3), sums.total(7)]).toEqual([1, 0, 0]);
  });

  it('lists items in ascending order by scanning when most items were credited', () => {
    const sums = new UnitAccumulator(4);
    sums.begin();
    sums.nextUnit();
    sums.credit([3, 1, 0], 1);
    expect(sums.itemsInOrder()).toEqual([0, 1, 3]);
  });
});
