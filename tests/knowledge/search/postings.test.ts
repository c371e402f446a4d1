import { Postings, UnitAccumulator } from '../../../knowledge/search/postings';

describe('Postings', () => {
  it('lists the items holding a term once each, and none for an unknown term', () => {
    const postings = new Postings();
    postings.add('factur', 0);
    postings.add('factur', 0);
    postings.add('factur', 2);
    expect(postings.get('factur')).toEqual([0, 2]);
    expect(postings.get('netflix')).toEqual([]);
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
